package io.aegisml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.cli.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself, without a stack: usage errors, exit codes, stored settings. */
class CliTest {

    @TempDir
    Path home;

    @BeforeEach
    void useATemporaryHome() {
        System.setProperty("aegis.config.dir", home.toString());
    }

    @AfterEach
    void forgetIt() {
        System.clearProperty("aegis.config.dir");
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = Aegis.run(args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void withoutALoginACommandSaysSoAndExits3() {
        Run run = run("ml", "online-endpoint", "list", "-g", "rg", "-w", "ws");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("Not logged in", "aegis login");
    }

    @Test
    void aWrongCommandLineExits2WithTheReason() {
        assertThat(run("ml", "online-endpoint", "show").exit()).isEqualTo(2);
        assertThat(run("ml", "nothing").exit()).isEqualTo(2);
        Run noWorkspace = run("ml", "online-endpoint", "list");
        assertThat(noWorkspace.exit()).isEqualTo(2);
        assertThat(noWorkspace.err()).contains("configure --defaults");
        assertThat(run("configure", "--defaults", "colour=blue").exit()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelp() {
        Run help = run("ml", "online-deployment", "create", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--all-traffic", "--endpoint-name", "--set");
        assertThat(run("role", "assignment", "-h").out()).contains("create", "list", "delete");
    }

    @Test
    void anUnreachableStackExits4() {
        Session.current().saveConfig(Map.of("url", "http://127.0.0.1:9", "issuer", "http://127.0.0.1:9/realms/aegis"));
        Run run = run("login", "-u", "someone", "-p", "secret");
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("Cannot reach 127.0.0.1:9");
    }

    @Test
    void defaultsAreStoredOwnerOnlyAndUsed() throws Exception {
        assertThat(run("configure", "--defaults", "workspace=ws1", "group=rg1", "subscription=sub1").exit()).isZero();
        Session session = Session.current();
        assertThat(session.defaultValue("workspace")).isEqualTo("ws1");
        assertThat(Files.getPosixFilePermissions(home.resolve("config.json")))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // With defaults, the command gets as far as the login check.
        assertThat(run("ml", "online-endpoint", "list").exit()).isEqualTo(3);
        assertThat(run("configure", "--defaults", "workspace=").exit()).isZero();
        assertThat(Session.current().defaultValue("workspace")).isNull();
    }

    /** az's forms refused before anything is sent: ids that are not role assignments, both or neither assignee. */
    @Test
    void roleAssignmentUsageErrorsAreRefusedBeforeAnyRequest() {
        for (String id : java.util.List.of("/subscriptions/s/resourceGroups/g/workspaces/w",
                "/subscriptions/s/resourceGroups/g/workspaces/w?/providers/Aegis.Authorization/roleAssignments/x",
                "/subscriptions/s/../providers/Aegis.Authorization/roleAssignments/x")) {
            Run refused = run("role", "assignment", "delete", "--ids", id);
            org.assertj.core.api.Assertions.assertThat(refused.exit()).as(id).isEqualTo(2);
            org.assertj.core.api.Assertions.assertThat(refused.err()).contains("is not a role assignment's id");
        }
        org.assertj.core.api.Assertions.assertThat(run("role", "assignment", "delete").exit()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(run("role", "assignment", "create", "--role", "Reader", "--scope",
                "/subscriptions/s").exit()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(run("role", "assignment", "create", "--assignee", "a",
                "--assignee-object-id", "b", "--role", "Reader", "--scope", "/subscriptions/s").exit()).isEqualTo(2);
        // az config get of a key never set: an error, not an empty answer a script would read as a value.
        org.assertj.core.api.Assertions.assertThat(run("config", "get", "defaults.workspace").exit()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(run("config", "set", "defaults.workspace=ws1").exit()).isZero();
        org.assertj.core.api.Assertions.assertThat(run("config", "get", "defaults.workspace", "--query", "value",
                "-o", "tsv").out().strip()).isEqualTo("ws1");
    }
}
