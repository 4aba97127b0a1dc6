package dev.hflogin.keycloak.profile;

/**
 * First and last name made from Hugging Face's single {@code name} string. Either part may be null.
 *
 * <p>The rule, documented in the README:
 * <ul>
 *   <li>blank or missing: no first and no last name;</li>
 *   <li>one word: it is the first name;</li>
 *   <li>several words: the first word is the first name, the rest the last name (Keycloak's own rule
 *       for a full name);</li>
 *   <li>a name written in Chinese, Japanese or Korean script: without spaces it is kept whole as the
 *       first name (the family name cannot be told apart); with spaces, the first word is the family
 *       (last) name and the rest the given (first) name, the order those languages write names in.</li>
 * </ul>
 * Each part is cut to {@value #MAX_LENGTH} characters, Keycloak's limit for these attributes.
 */
public record PersonName(String firstName, String lastName) {

    static final int MAX_LENGTH = 255;

    public static PersonName split(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return new PersonName(null, null);
        }
        String[] words = fullName.trim().split("\\s+", 2);
        if (words.length == 1) {
            return new PersonName(cut(words[0]), null);
        }
        if (isWrittenInCjkScript(fullName)) {
            return new PersonName(cut(words[1]), cut(words[0]));
        }
        return new PersonName(cut(words[0]), cut(words[1]));
    }

    static boolean isWrittenInCjkScript(String text) {
        return text.codePoints().anyMatch(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
        });
    }

    /** Cuts on a code-point boundary so a surrogate pair is never split. */
    private static String cut(String value) {
        String collapsed = value.replaceAll("\\s+", " ");
        if (collapsed.codePointCount(0, collapsed.length()) <= MAX_LENGTH) {
            return collapsed;
        }
        return collapsed.substring(0, collapsed.offsetByCodePoints(0, MAX_LENGTH));
    }
}
