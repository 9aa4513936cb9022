package io.aegisml.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class DocumentsTest {

    @Test
    void setChangesTheFileWithTypedValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blue.yml");
        Files.writeString(file, "name: blue\nmodel: azureml:m:1\nrequest_settings:\n  request_timeout_ms: 5000\n");
        ObjectNode document = Documents.load(file, List.of("instance_count=2", "request_settings.request_timeout_ms=3000",
                "environment_variables.FILE_NAME=hello.txt", "app_insights_enabled=true"));
        assertThat(document.get("instance_count").isInt()).isTrue();
        assertThat(document.get("request_settings").get("request_timeout_ms").asInt()).isEqualTo(3000);
        assertThat(document.get("environment_variables").get("FILE_NAME").asString()).isEqualTo("hello.txt");
        assertThat(document.get("app_insights_enabled").asBoolean()).isTrue();
        assertThat(document.get("name").asString()).isEqualTo("blue");
    }

    /** az's list form: identity.user_assigned_identities[0].resource_id=... sets (or makes) the first element. */
    @Test
    void setReachesIntoListsByIndex(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("endpoint.yml");
        Files.writeString(file, "identity:\n  type: user_assigned\n  user_assigned_identities:\n"
                + "    - resource_id: placeholder\n");
        ObjectNode document = Documents.load(file, List.of("identity.user_assigned_identities[0].resource_id=/subs/x/uai",
                "tags[0]=a", "tags[1]=b"));
        assertThat(document.get("identity").get("user_assigned_identities").get(0).get("resource_id").asString())
                .isEqualTo("/subs/x/uai");
        assertThat(document.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThatThrownBy(() -> Documents.load(file, List.of("tags[3]=x"))).isInstanceOf(CliError.class);
    }

    @Test
    void badFilesAndAssignmentsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "name: [unclosed\n");
        assertThatThrownBy(() -> Documents.load(file, List.of())).isInstanceOfSatisfying(CliError.class,
                e -> assertThat(e.exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> Documents.load(null, List.of("novalue"))).isInstanceOf(CliError.class);
        assertThatThrownBy(() -> Documents.load(dir.resolve("missing.yml"), List.of())).hasMessageContaining("Cannot read");
    }

    @Test
    void trafficReadsLikeAz() {
        assertThat(Documents.percentages("blue=90 green=10").toString()).isEqualTo("{\"blue\":90,\"green\":10}");
        assertThat(Documents.percentages("blue=100,green=0").get("green").asInt()).isZero();
        assertThatThrownBy(() -> Documents.percentages("blue:90")).isInstanceOf(CliError.class);
    }

    @Test
    void tablesAndTsvShowTheScalarFields() {
        var rows = ApiClient.JSON.readTree("{\"value\": [{\"name\": \"blue\", \"provisioning_state\": \"Succeeded\","
                + " \"request_settings\": {}}, {\"name\": \"green\", \"provisioning_state\": \"Failed\"}]}");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        Output.print(rows, "table", new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("Name   ProvisioningState", "green  Failed")
                .doesNotContain("RequestSettings");
        ByteArrayOutputStream tsv = new ByteArrayOutputStream();
        Output.print(rows, "tsv", new PrintStream(tsv, true, StandardCharsets.UTF_8));
        assertThat(tsv.toString(StandardCharsets.UTF_8)).isEqualTo("blue\tSucceeded\ngreen\tFailed\n");
    }
}
