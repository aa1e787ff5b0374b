package dev.flinkrecipes.weblogs;

import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;

/** A web-error-counts row: the number of client or server errors in one minute. */
public class ErrorCount extends WindowRow {
    public String errorType;
    public long count;

    public ErrorCount() {}

    public static final class Emit extends WindowRows<Long, ErrorCount, String> {
        @Override
        protected ErrorCount row(String errorType, Long count) {
            ErrorCount row = new ErrorCount();
            row.errorType = errorType;
            row.count = count;
            return row;
        }
    }
}
