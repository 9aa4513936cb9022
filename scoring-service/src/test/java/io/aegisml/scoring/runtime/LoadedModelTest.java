package io.aegisml.scoring.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aegisml.scoring.catalog.DeploymentSpec;
import io.aegisml.testmodels.TestModels;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The limits of a loaded deployment, with a real ONNX Runtime session of a model that is slow on purpose. */
class LoadedModelTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    @Test
    void aRunLongerThanTheRequestTimeoutIsStoppedAndReportedAsATimeout() throws Exception {
        try (LoadedModel model = load(TestModels.slow(2000), 1, 1, 200);
             OnnxTensor input = OnnxTensor.createTensor(ENV, new float[64][512])) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> model.run(Map.of("input", input)))
                    .isInstanceOfSatisfying(LoadedModel.Refused.class,
                            refused -> assertThat(refused.refusal()).isEqualTo(LoadedModel.Refusal.TIMEOUT));
            // Stopped by the timeout, not run to its end (which takes minutes on this machine).
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000);
        }
    }

    @Test
    void aRunAfterOneThatWasStoppedIsNotStoppedToo() throws Exception {
        // The options a timed-out run was stopped with are set to terminate: they must not serve the next run.
        try (LoadedModel model = load(TestModels.slow(20), 1, 1, 200);
             OnnxTensor large = OnnxTensor.createTensor(ENV, new float[8192][512]);
             OnnxTensor small = OnnxTensor.createTensor(ENV, new float[1][512])) {
            assertThatThrownBy(() -> model.run(Map.of("input", large)))
                    .isInstanceOfSatisfying(LoadedModel.Refused.class,
                            refused -> assertThat(refused.refusal()).isEqualTo(LoadedModel.Refusal.TIMEOUT));
            for (int i = 0; i < 3; i++) {
                try (OrtSession.Result result = model.run(Map.of("input", small))) {
                    assertThat(((float[][]) result.get(0).getValue())[0]).hasSize(512);
                }
            }
        }
    }

    @Test
    void beyondTwiceTheConcurrencyInFlightRequestsAreRefusedAtOnce() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        // One instance, one request at a time: two may be in flight (one running, one waiting), a third is refused.
        try (LoadedModel model = load(TestModels.slow(2000), 1, 1, 3000);
             OnnxTensor input = OnnxTensor.createTensor(ENV, new float[64][512])) {
            CountDownLatch started = new CountDownLatch(2);
            Future<?> first = callers.submit(() -> runCounting(model, input, started));
            Future<?> second = callers.submit(() -> runCounting(model, input, started));
            started.await();
            Thread.sleep(200); // both admitted by now: each takes seconds
            assertThatThrownBy(() -> model.run(Map.of("input", input)))
                    .isInstanceOfSatisfying(LoadedModel.Refused.class,
                            refused -> assertThat(refused.refusal()).isEqualTo(LoadedModel.Refusal.BUSY));
            first.get();
            second.get();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aModelErrorIsTheModelsOwnException() throws Exception {
        try (LoadedModel model = load(TestModels.failsAtRunTime(), 1, 1, 5000);
             OnnxTensor input = OnnxTensor.createTensor(ENV, new float[2][10])) {
            assertThatThrownBy(() -> model.run(Map.of("input", input))).isInstanceOf(OrtException.class);
            // The permits were given back: the next request is admitted (and fails the same way).
            assertThatThrownBy(() -> model.run(Map.of("input", input))).isInstanceOf(OrtException.class);
        }
    }

    private static Object runCounting(LoadedModel model, OnnxTensor input, CountDownLatch started) throws Exception {
        started.countDown();
        try (OrtSession.Result ignored = model.run(Map.of("input", input))) {
            return null;
        } catch (LoadedModel.Refused timedOut) {
            return timedOut.refusal(); // the second waits its turn and may time out: either is fine here
        }
    }

    private static LoadedModel load(byte[] onnx, int instances, int concurrency, int timeoutMs) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        DeploymentSpec spec = new DeploymentSpec("/d", "/e", "e", "d", 1,
                "/subscriptions/s/resourceGroups/g/workspaces/w/models/m/versions/1", "c", "b", "x",
                instances, concurrency, timeoutMs, Map.of(), null, DeploymentSpec.ModelLayout.ONNX, null, null,
                io.aegisml.scoring.catalog.Probe.DEFAULT, io.aegisml.scoring.catalog.Probe.DEFAULT);
        return new LoadedModel(spec, ENV.createSession(onnx, options), TIMER);
    }
}
