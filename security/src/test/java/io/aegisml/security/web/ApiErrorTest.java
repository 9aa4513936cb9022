package io.aegisml.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiErrorTest {

    @Test
    void writesValidJsonWhateverTheMessageHolds() {
        MDC.put(RequestIds.MDC_REQUEST_ID, "req-1");
        try {
            String message = "quote \" backslash \\ newline \n tab \t control \u0001 done";
            JsonNode json = JsonMapper.builder().build().readTree(ApiError.of("BadRequest", message).toJson());
            assertThat(json.get("error").get("message").asString()).isEqualTo(message);
            assertThat(json.get("error").get("code").asString()).isEqualTo("BadRequest");
            assertThat(json.get("error").get("requestId").asString()).isEqualTo("req-1");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void acceptsOnlyPlainShortRequestIds() {
        assertThat(RequestIds.isAcceptable("abc-123_x.y:z")).isTrue();
        assertThat(RequestIds.isAcceptable("with space")).isFalse();
        assertThat(RequestIds.isAcceptable("line\nbreak")).isFalse();
        assertThat(RequestIds.isAcceptable("x".repeat(129))).isFalse();
        assertThat(RequestIds.isAcceptable("")).isFalse();
        assertThat(RequestIds.isAcceptable("é-unicode")).isFalse();
        assertThat(RequestIds.isAcceptable(null)).isFalse();
    }

    @Test
    void namesStatusCodesLikeAzure() {
        assertThat(ApiError.codeFor(org.springframework.http.HttpStatus.NOT_FOUND)).isEqualTo("NotFound");
        assertThat(ApiError.codeFor(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE)).isEqualTo("PayloadTooLarge");
        assertThat(ApiError.codeFor(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo("ServiceUnavailable");
    }
}
