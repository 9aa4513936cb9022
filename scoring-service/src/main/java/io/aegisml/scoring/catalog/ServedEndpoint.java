package io.aegisml.scoring.catalog;

import io.aegisml.security.network.Cidr;
import java.util.List;
import java.util.Map;

/**
 * What scoring needs of an endpoint: how callers authenticate, where its traffic goes, and which networks may call
 * it ({@code publicNetworkAccess}, and {@code allowedNetworks}: the ranges of its {@code network_acls}).
 */
public record ServedEndpoint(String id, String workspaceId, String name, String authMode, String primaryKeyHash, String secondaryKeyHash,
                             Map<String, Integer> traffic, Map<String, Integer> mirrorTraffic, boolean publicNetworkAccess,
                             List<Cidr> allowedNetworks) {

    /**
     * Whether a caller at {@code clientAddress} may call: always on the private listener (Azure's private endpoint);
     * never otherwise when its workspace is closed ({@code workspaceOpen} false: the workspace's owner closed every
     * endpoint in it, and an endpoint's own ranges do not reopen it); else from a listed range, or from anywhere when
     * the endpoint's public access is enabled and no range is listed.
     */
    public boolean reachableFrom(String clientAddress, boolean privateNetwork, boolean workspaceOpen) {
        if (privateNetwork) {
            return true;
        }
        if (!workspaceOpen) {
            return false;
        }
        if (allowedNetworks.isEmpty()) {
            return publicNetworkAccess;
        }
        return allowedNetworks.stream().anyMatch(range -> range.contains(clientAddress));
    }
}
