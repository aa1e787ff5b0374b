package dev.flinkrecipes.weblogs;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** One Apache access-log line, parsed (the document's parse_log_line fields). */
public class WebRequest {
    public String ip;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    /** Null when the request line was not "METHOD URL [PROTOCOL]" (e.g. "-" on a timeout). */
    public String method;

    public String url;
    public String protocol;
    public int statusCode;

    /** '-' reads as 0, as in the document. */
    public long responseSize;

    public WebRequest() {}

    /** client_error (4xx), server_error (5xx), or null for a success or redirect. */
    public String errorType() {
        if (statusCode >= 500) return "server_error";
        if (statusCode >= 400) return "client_error";
        return null;
    }
}
