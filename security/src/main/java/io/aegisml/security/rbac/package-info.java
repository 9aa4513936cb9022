/**
 * Role-based access control as Azure does it: actions named {@code Namespace/resource/.../verb},
 * role definitions with Actions, NotActions, DataActions, NotDataActions and AssignableScopes, role
 * assignments at a scope that apply to everything below it, and deny by default.
 */
package io.aegisml.security.rbac;
