package io.aegisml.testmodels;

import static io.aegisml.testmodels.OnnxGraph.FLOAT;
import static io.aegisml.testmodels.OnnxGraph.INT64;
import static io.aegisml.testmodels.OnnxGraph.intAttribute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small ONNX models generated in pure Java, so that tests, benchmarks and examples never download a
 * model from a hub. Every model has a symbolic batch dimension named {@code batch}, and each comes with
 * a plain-Java twin ({@code expected...}) so tests compare against a formula rather than magic numbers.
 */
public final class TestModels {

    /** Number of features of {@link #linearRegression()}. */
    public static final int LINEAR_REGRESSION_FEATURES = 10;

    /** The bias added by the regression models. */
    public static final float REGRESSION_BIAS = 0.5f;

    /**
     * Iris weights, row-major [4 features x 3 classes]; features are sepal length, sepal width, petal
     * length, petal width. Only the petal matters: short petals score class 0, long ones class 2, and
     * class 1's constant bias wins in between (petal length roughly 2.5 to 5).
     */
    private static final float[] IRIS_WEIGHTS = {
        0f, 0f, 0f,
        0f, 0f, 0f,
        -3f, 0f, 3f,
        -1f, 0f, 1f,
    };

    private static final float[] IRIS_BIAS = {10f, 4f, -12f};

    private static final String BATCH = "batch";

    private TestModels() {
    }

    /** y = x · [1, 2, ..., 10] + 0.5 for input {@code input} float [batch, 10], output {@code output} float [batch]. */
    public static byte[] linearRegression() {
        return regression(LINEAR_REGRESSION_FEATURES);
    }

    /** y = x · [1, 2, ..., features] + 0.5 for input {@code input} float [batch, features]: a heavier regression for benchmarks. */
    public static byte[] wideRegression(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be positive: " + features);
        }
        return regression(features);
    }

    /** What the regression models answer: for each row, sum of x_i · (i + 1), plus 0.5. */
    public static double[] expectedLinearRegression(double[][] rows) {
        double[] result = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double sum = REGRESSION_BIAS;
            for (int i = 0; i < rows[r].length; i++) {
                sum += rows[r][i] * (i + 1);
            }
            result[r] = sum;
        }
        return result;
    }

    /**
     * A linear iris classifier over two inputs {@code sepal} and {@code petal} (float [batch, 2] each):
     * outputs {@code probabilities} = softmax(concat(sepal, petal) · W + b), float [batch, 3], and
     * {@code label} = its argmax, int64 [batch].
     */
    public static byte[] irisClassifier() {
        return new OnnxGraph("iris_classifier")
                .input("sepal", FLOAT, BATCH, 2)
                .input("petal", FLOAT, BATCH, 2)
                .initializer("weights", IRIS_WEIGHTS, 4, 3)
                .initializer("bias", IRIS_BIAS, 3)
                .node("Concat", List.of("sepal", "petal"), List.of("features"), intAttribute("axis", 1))
                .node("MatMul", List.of("features", "weights"), List.of("scores"))
                .node("Add", List.of("scores", "bias"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of("probabilities"), intAttribute("axis", 1))
                // keepdims=0 drops the reduced axis, so labels are [batch] rather than [batch, 1].
                .node("ArgMax", List.of("probabilities"), List.of("label"),
                        intAttribute("axis", 1), intAttribute("keepdims", 0))
                .output("probabilities", FLOAT, BATCH, 3)
                .output("label", INT64, BATCH)
                .toModel();
    }

    /** The labels {@link #irisClassifier()} answers, computed in float like ONNX Runtime does. */
    public static long[] expectedIrisLabels(float[][] sepal, float[][] petal) {
        long[] labels = new long[sepal.length];
        for (int r = 0; r < sepal.length; r++) {
            float[] features = {sepal[r][0], sepal[r][1], petal[r][0], petal[r][1]};
            int best = 0;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < IRIS_BIAS.length; c++) {
                float score = IRIS_BIAS[c];
                for (int f = 0; f < features.length; f++) {
                    score += features[f] * IRIS_WEIGHTS[f * IRIS_BIAS.length + c];
                }
                // Softmax is monotonic, so the argmax of the logits is the argmax of the probabilities;
                // strict '>' keeps the first index on ties, as ArgMax does by default.
                if (score > bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            labels[r] = best;
        }
        return labels;
    }

    /**
     * Reshapes input {@code input} float [batch, 10] to the constant shape [7]: a valid model (the session
     * loads, since the batch size is unknown until run time) whose every run fails, as 10 · batch is never 7.
     */
    public static byte[] failsAtRunTime() {
        return new OnnxGraph("fails_at_run_time")
                .input("input", FLOAT, BATCH, LINEAR_REGRESSION_FEATURES)
                .initializer("shape", new long[] {7}, 1)
                .node("Reshape", List.of("input", "shape"), List.of("output"))
                .output("output", FLOAT, 7)
                .toModel();
    }

    /**
     * Slow on purpose, on any machine: input {@code input} float [batch, 512] multiplied {@code rounds}
     * times by a 512 × 512 matrix (0.5 · identity, so values stay finite), about 0.27 GFLOP per row and
     * round. For tests of timeouts and of concurrency limits, which need a run that lasts.
     */
    public static byte[] slow(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive: " + rounds);
        }
        int size = 512;
        float[] halfIdentity = new float[size * size];
        for (int i = 0; i < size; i++) {
            halfIdentity[i * size + i] = 0.5f;
        }
        OnnxGraph graph = new OnnxGraph("slow").input("input", FLOAT, BATCH, size)
                .initializer("matrix", halfIdentity, size, size);
        String previous = "input";
        for (int round = 1; round <= rounds; round++) {
            String next = round == rounds ? "output" : "round" + round;
            graph.node("MatMul", List.of(previous, "matrix"), List.of(next));
            previous = next;
        }
        return graph.output("output", FLOAT, BATCH, size).toModel();
    }

    /** Writes the models into directory {@code args[0]} (created if missing) and prints each file's path. */
    /**
     * Hostile: its output is the first {@code floats} floats of the file (plus the input) at {@code location} (absolute, or
     * relative to the model's folder or the loader's working directory), if a runtime follows the
     * initializer's external-data reference. A model must never be allowed to do that.
     */
    public static byte[] readingExternalFile(String location, int floats) {
        // y = stolen + x: with x a graph input, no optimizer can fold it away before the file is read.
        return new OnnxGraph("reads-a-file")
                .input("x", FLOAT, 1)
                .output("y", FLOAT, floats)
                .externalInitializer("stolen", location, floats)
                .node("Add", List.of("stolen", "x"), List.of("y"))
                .toModel();
    }

    /** Hostile the same way, through a Constant node's tensor attribute instead of an initializer. */
    public static byte[] constantReadingExternalFile(String location, int floats) {
        return new OnnxGraph("constant-reads-a-file")
                .input("x", FLOAT, 1)
                .output("y", FLOAT, floats)
                .node("Constant", List.of(), List.of("y"),
                        OnnxGraph.tensorAttribute("value", OnnxGraph.externalTensor("stolen", location, floats)))
                .toModel();
    }

    /** Hostile the same way, hidden in a subgraph: an If node's branch holds the external initializer. */
    public static byte[] subgraphReadingExternalFile(String location, int floats) {
        OnnxGraph branch = new OnnxGraph("branch").output("z", FLOAT, floats)
                .externalInitializer("stolen", location, floats)
                .node("Identity", List.of("stolen"), List.of("z"));
        return new OnnxGraph("if-reads-a-file")
                .input("c", OnnxGraph.BOOL, 1)
                .output("y", FLOAT, floats)
                .node("If", List.of("c"), List.of("y"), OnnxGraph.graphAttribute("then_branch", branch),
                        OnnxGraph.graphAttribute("else_branch", branch))
                .toModel();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TestModels <output directory>");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        write(dir.resolve("linear-regression.onnx"), linearRegression());
        write(dir.resolve("iris-classifier.onnx"), irisClassifier());
        write(dir.resolve("fails-at-run-time.onnx"), failsAtRunTime());
        write(dir.resolve("wide-regression-256.onnx"), wideRegression(256));
    }

    private static byte[] regression(int features) {
        float[] weights = new float[features];
        for (int i = 0; i < features; i++) {
            weights[i] = i + 1;
        }
        return new OnnxGraph("linear_regression")
                .input("input", FLOAT, BATCH, features)
                // A 1-D weight makes MatMul (numpy semantics) yield [batch] directly, no Squeeze needed.
                .initializer("weights", weights, features)
                .initializer("bias", new float[] {REGRESSION_BIAS}) // a scalar, broadcast by Add
                .node("MatMul", List.of("input", "weights"), List.of("product"))
                .node("Add", List.of("product", "bias"), List.of("output"))
                .output("output", FLOAT, BATCH)
                .toModel();
    }

    private static void write(Path file, byte[] model) throws IOException {
        Files.write(file, model);
        System.out.println(file.toAbsolutePath());
    }
}
