package io.aegisml.scoring.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments as the host can give them: a virtual environment on its Python 3, pins checked, never faked. */
class PythonEnvironmentsTest {

    @TempDir
    Path dir;

    @Test
    void versionSpecsAsPipAndCondaWriteThem() {
        assertThat(PythonEnvironments.satisfies("1.2.1", "")).isTrue();
        assertThat(PythonEnvironments.satisfies("1.2.1", "==1.2.1")).isTrue();
        assertThat(PythonEnvironments.satisfies("1.2.1", "==1.2")).isFalse();
        assertThat(PythonEnvironments.satisfies("1.2.1", "==1.2.*")).isTrue();
        assertThat(PythonEnvironments.satisfies("1.2.1", "=1.2")).isTrue(); // conda: by prefix
        assertThat(PythonEnvironments.satisfies("1.24.2", "=1.2")).isFalse();
        assertThat(PythonEnvironments.satisfies("1.24.2", ">=1.20,<2")).isTrue();
        assertThat(PythonEnvironments.satisfies("2.0.0", ">=1.20,<2")).isFalse();
        assertThat(PythonEnvironments.satisfies("1.24.2", "~=1.21")).isTrue();
        assertThat(PythonEnvironments.satisfies("2.1", "~=1.21")).isFalse();
        assertThat(PythonEnvironments.satisfies("0.24.1", "!=0.24.1")).isFalse();
        assertThat(PythonEnvironments.satisfies("2.31.0", ">2.4")).isTrue();
        assertThat(PythonEnvironments.satisfies("1.0rc1", "<=1.0")).isTrue();
        assertThat(PythonEnvironments.satisfies("1.0", "nonsense")).isFalse();
    }

    @Test
    void theHostsPackagesSatisfyWhatTheyCanAndAnUnsatisfiablePinIsNamed() throws Exception {
        PythonEnvironments environments = new PythonEnvironments(dir, "/usr/bin/python3", "");
        Map<String, Object> environment = Map.of("image", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04",
                "conda_file", Map.of("dependencies", List.of("python=3.7", "pip", Map.of("pip",
                        List.of("azureml-defaults", "numpy>=1.0", "numpy==0.0.1", "no-such-package-here")))));
        assertThatThrownBy(() -> environments.resolve(environment, false))
                .isInstanceOf(PythonEnvironments.Unsatisfied.class)
                .hasMessageContaining("numpy==0.0.1 (pip): 1.").hasMessageContaining("no-such-package-here (pip): not installed")
                .satisfies(e -> assertThat(((PythonEnvironments.Unsatisfied) e).lines()).anyMatch(l ->
                        l.startsWith("Package numpy>=1.0 (pip): 1.")).anyMatch(l -> l.contains("azureml-defaults: the "
                        + "platform provides it")).anyMatch(l -> l.contains("cannot be run here")));

        PythonEnvironments.Resolved used = environments.resolve(environment, true);
        assertThat(used.python()).startsWith(dir.toString()).endsWith("/bin/python3");
        assertThat(used.lines()).anyMatch(l -> l.startsWith("Warning: numpy==0.0.1 (pip)"))
                .anyMatch(l -> l.contains("exists already"));
        // The environment sees the distribution's packages.
        Process numpy = new ProcessBuilder(used.python(), "-c", "import numpy").start();
        assertThat(numpy.waitFor()).isZero();
    }

    @Test
    void noEnvironmentIsTheHostsPython() throws Exception {
        assertThat(new PythonEnvironments(dir, "/usr/bin/python3", "").resolve(null, false).python())
                .isEqualTo("/usr/bin/python3");
    }
}
