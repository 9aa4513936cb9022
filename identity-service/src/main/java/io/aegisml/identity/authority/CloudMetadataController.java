package io.aegisml.identity.authority;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metadata/endpoints}: the cloud's addresses, as Azure's resource manager, sovereign clouds and
 * Azure Stack publish them, so that a tool pointed at a private cloud finds Aegis ML's authority and
 * audiences. api-version 2015-01-01 (what Azure Stack and {@code az cloud register} read) is one object;
 * 2019-05-01 and later are Azure's list of clouds, here one.
 */
@RestController
class CloudMetadataController {

    private final AuthorityProperties properties;

    CloudMetadataController(AuthorityProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/metadata/endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    Object endpoints(@RequestParam(name = "api-version", required = false) String apiVersion) {
        String url = properties.url();
        List<String> audiences = List.of(url + "/", "https://management.azure.com/", "https://management.core.windows.net/");
        if ("2015-01-01".equals(apiVersion)) {
            Map<String, Object> stack = new LinkedHashMap<>();
            stack.put("galleryEndpoint", url + "/");
            stack.put("graphEndpoint", url + "/");
            stack.put("portalEndpoint", url + "/");
            stack.put("authentication", Map.of("loginEndpoint", url + "/", "audiences", audiences));
            return stack;
        }
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("loginEndpoint", url);
        authentication.put("audiences", audiences);
        authentication.put("tenant", properties.tenantId());
        authentication.put("identityProvider", "AAD");
        Map<String, Object> cloud = new LinkedHashMap<>();
        cloud.put("portal", url);
        cloud.put("authentication", authentication);
        cloud.put("name", "AegisML");
        cloud.put("resourceManager", url + "/");
        cloud.put("suffixes", Map.of("storage", "aegis.local"));
        cloud.put("machineLearning", url + "/");
        return List.of(cloud);
    }
}
