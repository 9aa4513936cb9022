package io.aegisml.scoring.workers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployment's {@code environment} as a Python virtual environment on the host's Python 3: one per environment
 * (by the hash of what it asks for), made once, with the system site-packages so that the distribution's
 * packages serve (on Debian, python3-sklearn, python3-numpy...). The conda file's packages — conda's and pip's
 * — are checked against what the environment has; where a package index is configured
 * ({@code AEGIS_WORKER_PACKAGE_INDEX}), the pip packages it lacks are installed from it first. Packages the
 * platform provides itself (Azure's inference server) are skipped, an image cannot be honoured without
 * containers, and a pin the environment cannot satisfy fails the deployment — unless the deployment opts into
 * what is installed ({@code AEGIS_USE_INSTALLED_PACKAGES=true} among its variables), when each is a warning.
 */
final class PythonEnvironments {

    static final String USE_INSTALLED = "AEGIS_USE_INSTALLED_PACKAGES";
    /** The platform is the inference server: these are what Azure's images add for it. */
    private static final Set<String> PROVIDED = Set.of("azureml-defaults", "azureml-inference-server-http",
            "inference-schema", "azureml-core", "azureml-mlflow", "pip", "setuptools", "wheel");
    /** name, then an optional version spec ({@code ==1.2}, {@code >=1,<2}, conda's {@code =1.2}). */
    private static final Pattern REQUIREMENT = Pattern.compile(
            "\\s*([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*((?:[=<>!~]=?|===?)\\s*[^;#\\s]+(?:\\s*,\\s*[=<>!~]=?\\s*[^,;#\\s]+)*)?.*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One package the environment asks for. */
    record Requirement(String name, String spec, String source) {
        String display() {
            return name + (spec.isEmpty() ? "" : spec) + " (" + source + ")";
        }
    }

    /** The interpreter the workers run, and the lines that say how it was chosen. */
    record Resolved(String python, List<String> lines) {
    }

    static final class Unsatisfied extends Exception {
        private final List<String> lines;

        Unsatisfied(String message, List<String> lines) {
            super(message);
            this.lines = lines;
        }

        List<String> lines() {
            return lines;
        }
    }

    private final Path folder;
    private final String hostPython;
    private final String packageIndex;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    PythonEnvironments(Path folder, String hostPython, String packageIndex) {
        this.folder = folder;
        this.hostPython = hostPython;
        this.packageIndex = packageIndex == null ? "" : packageIndex.strip();
    }

    /** {@code environment}: the deployment's resolved environment (image, conda_file as an object), or null. */
    Resolved resolve(Map<?, ?> environment, boolean useInstalled) throws Unsatisfied, IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        if (environment == null || environment.isEmpty()) {
            lines.add("No environment given: the host's " + hostPython + " with the distribution's packages");
            return new Resolved(hostPython, lines);
        }
        String image = imageOf(environment);
        if (image != null) {
            lines.add("The image " + image + " cannot be run here (no containers): a virtual environment on the host's "
                    + "Python 3 stands for it");
        }
        List<Requirement> requirements = requirementsOf(environment.get("conda_file"), lines);
        Path venv = folder.resolve(hash(requirements));
        synchronized (locks.computeIfAbsent(venv.toString(), k -> new Object())) {
            if (!Files.isExecutable(venv.resolve("bin/python3"))) {
                build(venv, requirements, lines);
            } else {
                lines.add("Environment " + venv.getFileName() + " exists already (made for the same packages)");
            }
        }
        String python = venv.resolve("bin/python3").toString();
        Map<String, String> installed = installedVersions(python, requirements);
        List<String> unsatisfied = new ArrayList<>();
        for (Requirement requirement : requirements) {
            String version = installed.get(requirement.name());
            if (version == null) {
                unsatisfied.add(requirement.display() + ": not installed");
            } else if (!satisfies(version, requirement.spec())) {
                unsatisfied.add(requirement.display() + ": " + version + " is installed");
            } else {
                lines.add("Package " + requirement.display() + ": " + version + " installed");
            }
        }
        if (!unsatisfied.isEmpty() && !useInstalled) {
            unsatisfied.forEach(line -> lines.add("Cannot satisfy " + line));
            throw new Unsatisfied("the environment asks for packages the host cannot satisfy: " + String.join("; ",
                    unsatisfied) + " (install them from the distribution, configure AEGIS_WORKER_PACKAGE_INDEX, or set "
                    + USE_INSTALLED + "=true in the deployment's environment_variables to use what is installed)", lines);
        }
        unsatisfied.forEach(line -> lines.add("Warning: " + line + " (" + USE_INSTALLED + ": using what is installed)"));
        return new Resolved(python, lines);
    }

    private static String imageOf(Map<?, ?> environment) {
        if (environment.get("image") instanceof String image) {
            return image;
        }
        return environment.get("docker") instanceof Map<?, ?> docker && docker.get("image") instanceof String image
                ? image : null;
    }

    /** The conda file's dependencies (conda's, and pip's under {@code - pip:}); Python's own version is a line only. */
    private List<Requirement> requirementsOf(Object condaFile, List<String> lines) {
        List<Requirement> requirements = new ArrayList<>();
        if (!(condaFile instanceof Map<?, ?> conda) || !(conda.get("dependencies") instanceof List<?> dependencies)) {
            return requirements;
        }
        for (Object dependency : dependencies) {
            if (dependency instanceof String text) {
                add(requirements, text, "conda", lines);
            } else if (dependency instanceof Map<?, ?> nested && nested.get("pip") instanceof List<?> pip) {
                pip.forEach(p -> add(requirements, String.valueOf(p), "pip", lines));
            }
        }
        return requirements;
    }

    private void add(List<Requirement> requirements, String text, String source, List<String> lines) {
        Matcher m = REQUIREMENT.matcher(text);
        if (!m.matches()) {
            lines.add("Skipped " + source + " dependency '" + text + "': not a package name and version");
            return;
        }
        String name = m.group(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
        String spec = m.group(2) == null ? "" : m.group(2).replaceAll("\\s+", "");
        if (name.equals("python")) {
            lines.add("Python " + (spec.isEmpty() ? "(any)" : spec) + " asked for: the host's " + hostPythonVersion()
                    + " is used");
            return;
        }
        if (PROVIDED.contains(name)) {
            lines.add("Skipped " + name + ": the platform provides it");
            return;
        }
        requirements.add(new Requirement(name, spec, source));
    }

    private void build(Path venv, List<Requirement> requirements, List<String> lines)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path building = Files.createTempDirectory(folder, "building-");
        run(List.of(hostPython, "-m", "venv", "--system-site-packages", "--without-pip", building.toString()), 120);
        List<String> pip = requirements.stream().filter(r -> r.source().equals("pip"))
                .map(r -> r.name() + r.spec()).toList();
        if (!packageIndex.isEmpty() && !pip.isEmpty()) {
            List<String> install = new ArrayList<>(List.of(building.resolve("bin/python3").toString(), "-m", "pip",
                    "install", "--no-input", "--disable-pip-version-check", "--only-binary=:all:", "--index-url",
                    packageIndex));
            // Wheels only: an sdist's setup.py would run a package's code, as root, at install time.
            install.addAll(pip);
            String output = run(install, 900);
            lines.add("pip install from " + packageIndex + ": " + lastLine(output));
        } else if (!pip.isEmpty()) {
            lines.add("No package index configured (AEGIS_WORKER_PACKAGE_INDEX): pip packages are not installed, "
                    + "those of the distribution serve");
        }
        try {
            Files.move(building, venv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            ScriptRuntime.deleteQuietly(building); // made meanwhile by another scoring-service
        }
        lines.add("Environment " + venv.getFileName() + " made (a virtual environment with the system site-packages)");
    }

    /** Installed versions by normalised name, read by the environment's own interpreter (isolated mode). */
    private Map<String, String> installedVersions(String python, List<Requirement> requirements)
            throws IOException, InterruptedException {
        if (requirements.isEmpty()) {
            return Map.of();
        }
        // The environment's packages may be the tenant's choice (installed from an index): their .pth files must not
        // run as root. So the host's interpreter with no site (-S), and the folders to look in given by name.
        List<String> paths = new ArrayList<>();
        try (var lib = Files.list(Path.of(python).getParent().getParent().resolve("lib"))) {
            lib.map(p -> p.resolve("site-packages")).filter(Files::isDirectory).forEach(p -> paths.add(p.toString()));
        }
        paths.addAll(systemSitePackages());
        String script = "import json, sys\nsys.path[:0] = json.loads(sys.argv[1])\nimport importlib.metadata as m\n"
                + "found = {}\n"
                + "for name in sys.argv[2:]:\n"
                + "    try:\n"
                + "        found[name] = m.version(name)\n"
                + "    except m.PackageNotFoundError:\n"
                + "        pass\n"
                + "print(json.dumps(found))\n";
        List<String> command = new ArrayList<>(List.of(hostPython, "-I", "-S", "-c", script,
                JSON.writeValueAsString(paths)));
        requirements.forEach(r -> command.add(r.name()));
        String output = run(command, 60);
        Map<String, String> versions = new LinkedHashMap<>();
        JSON.readTree(lastLine(output)).properties().forEach(e -> versions.put(e.getKey(), e.getValue().asString()));
        return versions;
    }

    /**
     * Whether {@code version} meets {@code spec}: comma-separated clauses of {@code == = != >= <= > < ~=}; conda's
     * single {@code =} and a trailing {@code .*} match by prefix.
     */
    static boolean satisfies(String version, String spec) {
        if (spec.isEmpty()) {
            return true;
        }
        for (String clause : spec.split(",")) {
            Matcher m = Pattern.compile("(===?|!=|>=|<=|~=|=|>|<)(.+)").matcher(clause.trim());
            if (!m.matches()) {
                return false;
            }
            String op = m.group(1);
            String wanted = m.group(2);
            boolean prefix = op.equals("=") || wanted.endsWith(".*");
            wanted = wanted.replaceAll("\\.\\*$", "");
            int compared = compare(version, wanted);
            boolean ok = switch (op) {
                case "==", "===", "=" -> prefix ? startsWith(version, wanted) : compared == 0;
                case "!=" -> prefix ? !startsWith(version, wanted) : compared != 0;
                case ">=" -> compared >= 0;
                case "<=" -> compared <= 0;
                case ">" -> compared > 0;
                case "<" -> compared < 0;
                case "~=" -> compared >= 0 && startsWith(version, wanted.contains(".")
                        ? wanted.substring(0, wanted.lastIndexOf('.')) : wanted);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(String version, String prefix) {
        List<Integer> v = numbers(version);
        List<Integer> p = numbers(prefix);
        return v.size() >= p.size() && v.subList(0, p.size()).equals(p);
    }

    private static int compare(String a, String b) {
        List<Integer> x = numbers(a);
        List<Integer> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The release's numbers: {@code 1.24.2} → [1, 24, 2]; {@code 2.0rc1} → [2, 0]. */
    private static List<Integer> numbers(String version) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : version.split("\\.")) {
            Matcher digits = Pattern.compile("^(\\d+)").matcher(part);
            if (!digits.find()) {
                break;
            }
            numbers.add(Integer.parseInt(digits.group(1).length() > 9 ? "999999999" : digits.group(1)));
            if (digits.end() < part.length()) {
                break;
            }
        }
        return numbers;
    }

    /** The distribution's site-packages, asked of the host's interpreter (root's files: its .pth are trusted). */
    private List<String> systemSitePackages() throws IOException, InterruptedException {
        String output = run(List.of(hostPython, "-I", "-c", "import json, site; print(json.dumps(site.getsitepackages()))"), 30);
        List<String> paths = new ArrayList<>();
        JSON.readTree(lastLine(output)).forEach(p -> paths.add(p.asString()));
        return paths;
    }

    private String hostPythonVersion() {
        try {
            return "Python " + lastLine(run(List.of(hostPython, "-I", "-c",
                    "import platform; print(platform.python_version())"), 30));
        } catch (IOException | InterruptedException e) {
            return hostPython;
        }
    }

    private String hash(List<Requirement> requirements) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((hostPython + "\n" + packageIndex + "\n").getBytes(StandardCharsets.UTF_8));
            requirements.stream().map(r -> r.name() + r.spec() + "@" + r.source()).sorted()
                    .forEach(r -> digest.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return "env-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readNBytes(1 << 20);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " " + command.get(1) + " took longer than " + timeoutSeconds + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(4, command.size()))) + " failed: "
                    + lastLine(text));
        }
        return text;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
