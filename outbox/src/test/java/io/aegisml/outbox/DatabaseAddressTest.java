package io.aegisml.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseAddressTest {

    @Test
    void readsHostPortAndDatabaseFromTheJdbcUrl() {
        DatabaseAddress address = DatabaseAddress.fromJdbcUrl("jdbc:postgresql://db.local:15432/identity?ssl=true",
                "svc", "secret");
        assertThat(address.host()).isEqualTo("db.local");
        assertThat(address.port()).isEqualTo(15432);
        assertThat(address.name()).isEqualTo("identity");
        assertThat(address.toString()).doesNotContain("secret");
        assertThat(address.sslMode()).isEqualTo("require");
        assertThat(DatabaseAddress.fromJdbcUrl("jdbc:postgresql://h/db", "u", null).port()).isEqualTo(5432);
        assertThat(DatabaseAddress.fromJdbcUrl("jdbc:postgresql://h/db?sslmode=verify-full", "u", null).sslMode())
                .isEqualTo("verify-full");
        assertThat(DatabaseAddress.fromJdbcUrl("jdbc:postgresql://h/db", "u", null).sslMode()).isNull();
    }

    @Test
    void refusesAnythingButPostgresql() {
        assertThatThrownBy(() -> DatabaseAddress.fromJdbcUrl("jdbc:h2:mem:x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
