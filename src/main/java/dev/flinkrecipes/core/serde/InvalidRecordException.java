package dev.flinkrecipes.core.serde;

/**
 * A record that cannot be parsed or fails validation; the message is the reason a dead letter
 * carries.
 */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String reason) {
        super(reason, null, false, false); // no stack trace: bad input is data, not a bug
    }
}
