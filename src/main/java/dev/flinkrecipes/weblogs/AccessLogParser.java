package dev.flinkrecipes.weblogs;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.RecordParser;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache/Nginx access-log lines: the common log format {@code host ident user [dd/MMM/yyyy:HH:mm:ss
 * Z] "request" status size}, optionally followed by the combined format's referer and user agent.
 * Unlike the document's regex it takes IPv6 hosts, a '-' size, quoted requests with spaces or
 * escaped quotes in the URL, any method, and "-" or garbage request lines (a 400 or 408 has no
 * request); the timestamp and status must be right, or the line goes to the dead letters with the
 * reason.
 */
public final class AccessLogParser implements RecordParser<WebRequest> {
    private static final long serialVersionUID = 1L;

    private static final Pattern LINE =
            Pattern.compile(
                    // The request's loop is possessive (*+): the same matches, but a plain loop
                    // over an alternation recurses once per character in java.util.regex, and a
                    // request of some thousands of characters overflowed the stack.
                    "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*+)\" (\\d{3})"
                            + " (\\d+|-)(?:\\s.*)?$");
    // STRICT: 31/Feb is an error, not 28/Feb (uuuu: STRICT needs a proleptic year, not
    // year-of-era).
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH)
                    .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public WebRequest parse(String text) throws InvalidRecordException {
        if (text == null || text.isBlank()) throw new InvalidRecordException("empty record");
        // A late request is written whole to the late output: bounded like a JSON record, see
        // MAX_RECORD_CHARS.
        if (text.length() > JsonFields.MAX_RECORD_CHARS) throw JsonFields.tooLarge(text);
        Matcher m = LINE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidRecordException(
                    "not an access-log line (host ident user [time] \"request\" status size)");
        }
        WebRequest r = new WebRequest();
        r.ip = m.group(1);
        try {
            r.timestamp = OffsetDateTime.parse(m.group(4), TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(
                    "time: not dd/MMM/yyyy:HH:mm:ss Z: '" + m.group(4) + "'");
        }
        request(m.group(5).replace("\\\"", "\""), r);
        r.statusCode = Integer.parseInt(m.group(6));
        if (r.statusCode < 100 || r.statusCode > 599) {
            throw new InvalidRecordException("status: " + r.statusCode + " is not an HTTP status");
        }
        try {
            r.responseSize = m.group(7).equals("-") ? 0 : Long.parseLong(m.group(7));
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(
                    "size: " + m.group(7) + " is out of the 64-bit integer range");
        }
        return r;
    }

    /**
     * "GET /a b.html HTTP/1.1": the first word is the method, a last word HTTP/x the protocol, the
     * rest the URL.
     */
    private static void request(String line, WebRequest r) {
        String[] words = line.trim().split(" +");
        if (words.length >= 2 && words[0].chars().allMatch(Character::isLetter)) {
            r.method = words[0];
            int end = words.length;
            if (words.length >= 3 && words[words.length - 1].startsWith("HTTP/")) {
                r.protocol = words[words.length - 1];
                end--;
            }
            r.url = String.join(" ", java.util.Arrays.copyOfRange(words, 1, end));
        }
    }
}
