package dev.hflogin.keycloak.it;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the few things a scripted sign-in needs out of HTML without a browser: an element's
 * attribute by the element's id, a form field's value by its name, the page title.
 */
final class HtmlScraper {

    private static final Pattern TAG = Pattern.compile("<[a-zA-Z][^>]*>");
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private HtmlScraper() {
    }

    /** The attribute of the first tag with that id. */
    static Optional<String> attributeOfId(String html, String id, String attribute) {
        return firstTag(html, "id", id).flatMap(tag -> attribute(tag, attribute));
    }

    /** The value of the first input with that name. */
    static Optional<String> inputValue(String html, String name) {
        return firstTag(html, "name", name).flatMap(tag -> attribute(tag, "value"));
    }

    /** The action of the first form on the page. */
    static Optional<String> formAction(String html) {
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            if (tags.group().regionMatches(true, 0, "<form", 0, 5)) {
                return attribute(tags.group(), "action");
            }
        }
        return Optional.empty();
    }

    static String title(String html) {
        Matcher title = TITLE.matcher(html);
        return title.find() ? decode(title.group(1)).trim() : "";
    }

    private static Optional<String> firstTag(String html, String attribute, String value) {
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            if (attribute(tags.group(), attribute).filter(value::equals).isPresent()) {
                return Optional.of(tags.group());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> attribute(String tag, String name) {
        Matcher matcher = Pattern.compile("\\s" + Pattern.quote(name) + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')").matcher(tag);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(decode(matcher.group(2) != null ? matcher.group(2) : matcher.group(3)));
    }

    /** The entities Keycloak's and the stand-in's templates write into attributes. */
    static String decode(String text) {
        Matcher numeric = NUMERIC_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (numeric.find()) {
            int codePoint = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
            numeric.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(codePoint))));
        }
        numeric.appendTail(out);
        return out.toString().replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
