/** The wire contract between services: one envelope for every event, and the topics they travel on. */
package io.aegisml.events;
