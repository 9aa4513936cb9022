package io.aegisml.security.rbac;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An entry of Actions/NotActions: an action name where {@code *} matches any run of characters,
 * compared without case, as in Azure ({@code *}, {@code * /read}, {@code Aegis.ML/workspaces/*}).
 */
public record ActionPattern(String text, Pattern regex) {

    private static final Pattern WELL_FORMED = Pattern.compile("\\*|(\\*/)?[A-Za-z][A-Za-z0-9.]*(/([A-Za-z][A-Za-z0-9]*|\\*))*");

    public static ActionPattern of(String text) {
        if (text == null || text.length() > 256 || !WELL_FORMED.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an action: use names like "
                    + "Aegis.ML/workspaces/read, with * as a wildcard");
        }
        StringBuilder regex = new StringBuilder();
        for (String literal : text.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal.toLowerCase(Locale.ROOT)));
        }
        return new ActionPattern(text, Pattern.compile(regex.toString()));
    }

    public boolean matches(String action) {
        return regex.matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    /** True if the pattern grants at least one catalogued action: a typo would grant nothing silently. */
    public boolean matchesAnyKnownAction() {
        return Actions.ALL.stream().anyMatch(this::matches);
    }
}
