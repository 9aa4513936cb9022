/** Users of the realm, administered by Owners: create, list, show, disable and enable. */
package io.aegisml.identity.users;
