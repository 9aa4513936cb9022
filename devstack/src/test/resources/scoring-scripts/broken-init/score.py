"""init() fails: the deployment must fail, with the traceback in its log."""


def init():
    print("broken-init: about to fail")
    raise RuntimeError("the model could not be loaded (on purpose)")


def run(raw_data):
    return "never"
