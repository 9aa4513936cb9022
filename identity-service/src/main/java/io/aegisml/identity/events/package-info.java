/** Adapter: identity changes leave through the transactional outbox onto aegis.identity.events. */
package io.aegisml.identity.events;
