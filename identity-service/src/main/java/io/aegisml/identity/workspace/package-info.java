/** Workspaces: the top-level container of models, endpoints and role assignments (Azure ML's workspace). */
package io.aegisml.identity.workspace;
