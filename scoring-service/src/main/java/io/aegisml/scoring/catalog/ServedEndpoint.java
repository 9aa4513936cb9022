package io.aegisml.scoring.catalog;

import java.util.Map;

/** What scoring needs of an endpoint: how callers authenticate, and where its traffic goes. */
public record ServedEndpoint(String id, String name, String authMode, String primaryKeyHash, String secondaryKeyHash,
                             Map<String, Integer> traffic, Map<String, Integer> mirrorTraffic, boolean publicNetworkAccess) {
}
