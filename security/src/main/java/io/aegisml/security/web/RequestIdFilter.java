package io.aegisml.security.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the edge's, or a new one), puts it and the correlation id in the log
 * context, and returns it in {@code x-request-id}; echoes {@code x-ms-client-request-id} as Azure does.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(RequestIds.REQUEST_ID);
        if (!RequestIds.isAcceptable(requestId)) {
            requestId = UUID.randomUUID().toString();
        }
        String correlationId = request.getHeader(RequestIds.CORRELATION_ID);
        if (!RequestIds.isAcceptable(correlationId)) {
            correlationId = requestId;
        }
        request.setAttribute(RequestIds.MDC_REQUEST_ID, requestId);
        request.setAttribute(RequestIds.MDC_CORRELATION_ID, correlationId);
        response.setHeader(RequestIds.REQUEST_ID, requestId);
        String clientRequestId = request.getHeader(RequestIds.CLIENT_REQUEST_ID);
        if (RequestIds.isAcceptable(clientRequestId)) {
            response.setHeader(RequestIds.CLIENT_REQUEST_ID, clientRequestId);
        }
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        MDC.put(RequestIds.MDC_CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestIds.MDC_REQUEST_ID);
            MDC.remove(RequestIds.MDC_CORRELATION_ID);
        }
    }

    /** The correlation id of the current request, for events it causes. */
    public static String correlationId(HttpServletRequest request) {
        Object id = request.getAttribute(RequestIds.MDC_CORRELATION_ID);
        return id == null ? null : id.toString();
    }
}
