package io.aegisml.scoring.api;

import io.aegisml.security.web.RequestIdFilter;
import io.aegisml.security.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The score routes on the service's Spring MVC port, where the edge's compatibility route
 * ({@code /endpoints/**}) sends them; the data plane's own listener serves the same routes without MVC.
 * Both hand the request to {@link ScoringService}.
 */
@RestController
class ScoringController {

    private final ScoringService scoring;
    /** The edge's addresses when it is not on loopback (AEGIS_SCORING_TRUSTED_PROXIES): its X-Forwarded-For is believed. */
    private final java.util.Set<String> trustedProxies;
    /** The secret the edge proves itself with (AEGIS_EDGE_PROXY_SECRET); when set, no proof, no X-Forwarded-For. */
    private final byte[] edgeProof;

    ScoringController(ScoringService scoring,
                      @org.springframework.beans.factory.annotation.Value("${aegis.scoring.trusted-proxies:}")
                      java.util.Set<String> trustedProxies,
                      @org.springframework.beans.factory.annotation.Value("${aegis.scoring.edge-proxy-secret:}")
                      String edgeProof) {
        this.scoring = scoring;
        this.trustedProxies = trustedProxies;
        this.edgeProof = edgeProof.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Who called: behind the edge, the address it forwarded — believed only when the edge proved itself (when a
     * secret is configured; any local process also calls from loopback); otherwise the peer.
     */
    private String clientOf(HttpServletRequest request) {
        if (edgeProof.length > 0) {
            String presented = request.getHeader(EDGE_PROOF);
            boolean proven = presented != null && java.security.MessageDigest.isEqual(edgeProof,
                    presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!proven) {
                return request.getRemoteAddr();
            }
        }
        return FailedAttempts.clientOf(request, trustedProxies);
    }

    static final String EDGE_PROOF = "X-Aegis-Edge-Proof";

    @PostMapping("/endpoints/{endpoint}/score")
    ResponseEntity<byte[]> score(@PathVariable String endpoint, HttpServletRequest request) {
        return http(scoring.score(ScoringService.Protocol.AZURE, endpoint, null, call(request)));
    }

    @PostMapping("/endpoints/{endpoint}/v2/models/{model}/infer")
    ResponseEntity<byte[]> infer(@PathVariable String endpoint, @PathVariable String model, HttpServletRequest request) {
        return http(scoring.score(ScoringService.Protocol.V2, endpoint, model, call(request)));
    }

    @GetMapping("/endpoints/{endpoint}/v2/models/{model}")
    ResponseEntity<byte[]> metadata(@PathVariable String endpoint, @PathVariable String model, HttpServletRequest request) {
        return http(scoring.metadata(endpoint, model, call(request)));
    }

    private ScoreCall call(HttpServletRequest request) {
        return new ScoreCall(request.getMethod(), request.getRequestURI(), request::getHeader,
                clientOf(request),
                String.valueOf(request.getAttribute(RequestIds.MDC_REQUEST_ID)), RequestIdFilter.correlationId(request),
                new ScoreCall.Body() {
                    @Override
                    public long declaredLength() {
                        return request.getContentLengthLong();
                    }

                    @Override
                    public byte[] read(int max) throws java.io.IOException {
                        try (java.io.InputStream in = request.getInputStream()) {
                            return in.readNBytes(max);
                        }
                    }
                }, false); // the MVC port is reached through the edge: a public network
    }

    private static ResponseEntity<byte[]> http(ScoreAnswer answer) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(answer.status());
        answer.headers().forEach(builder::header);
        return builder.body(answer.body());
    }
}
