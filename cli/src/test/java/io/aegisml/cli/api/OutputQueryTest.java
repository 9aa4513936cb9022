package io.aegisml.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** --query is JMESPath, as az's: the forms Azure's own scripts use work unchanged. */
class OutputQueryTest {

    private static final JsonNode CONFIG = ApiClient.JSON.readTree("""
            {"defaults": [{"name": "group", "value": "my-rg", "source": "config"},
                          {"name": "workspace", "value": "my-ws", "source": "config"}],
             "identity": {"principal_id": "p-1", "type": "system_assigned"},
             "value": [{"name": "blue", "provisioning_state": "Succeeded", "instance_count": 2},
                       {"name": "green", "provisioning_state": "Failed", "instance_count": 1}]}""");

    @Test
    void azuresScriptsFormsSelectWhatTheyMean() {
        assertThat(Output.select(CONFIG, "defaults[?name == 'workspace'].value").toString()).isEqualTo("[\"my-ws\"]");
        assertThat(Output.select(CONFIG, "defaults[?name == 'workspace'].value | [0]").asString()).isEqualTo("my-ws");
        assertThat(Output.select(CONFIG, "identity.principal_id").asString()).isEqualTo("p-1");
        assertThat(Output.select(CONFIG, "value[0].name").asString()).isEqualTo("blue");
        assertThat(Output.select(CONFIG, "value[?instance_count > `1`].name").toString()).isEqualTo("[\"blue\"]");
        assertThat(Output.select(CONFIG, "length(value)").asInt()).isEqualTo(2);
        assertThat(Output.select(CONFIG, "value[].{n: name, s: provisioning_state}").get(1).get("s").asString())
                .isEqualTo("Failed");
        assertThat(Output.select(CONFIG, "no.such.field").isNull()).isTrue();
    }

    /** A list prints as az prints it: an array (no {"value": ...} envelope), a plain value a line in tsv. */
    @Test
    void listsAreArraysAndPlainValuesPrintOneALine() {
        JsonNode list = ApiClient.JSON.readTree("{\"value\": [{\"name\": \"blue\"}, {\"name\": \"green\"}]}");
        assertThat(Output.listed(list).isArray()).isTrue();
        assertThat(Output.listed(CONFIG)).isSameAs(CONFIG); // other fields beside value: not a bare list
        JsonNode paged = ApiClient.JSON.readTree("{\"value\": [], \"nextLink\": \"https://x/next\"}");
        assertThat(Output.listed(paged)).isSameAs(paged); // the link to the next page is kept
        Output.query("[].name");
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Output.print(list, "tsv", new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("blue\ngreen\n");
        } finally {
            Output.query(null);
        }
    }

    @Test
    void anExpressionThatIsNotJmesPathIsAUsageError() {
        assertThatThrownBy(() -> Output.select(CONFIG, "value[?name == ")).isInstanceOf(CliError.class)
                .hasMessageContaining("not a JMESPath expression");
    }
}
