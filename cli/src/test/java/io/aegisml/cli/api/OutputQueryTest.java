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

    @Test
    void anExpressionThatIsNotJmesPathIsAUsageError() {
        assertThatThrownBy(() -> Output.select(CONFIG, "value[?name == ")).isInstanceOf(CliError.class)
                .hasMessageContaining("not a JMESPath expression");
    }
}
