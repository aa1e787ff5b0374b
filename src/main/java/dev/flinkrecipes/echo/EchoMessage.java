package dev.flinkrecipes.echo;

/** A {@code test-topic} message: {@code {"key": "sensor1", "value": "temperature:25"}}. */
public class EchoMessage {
    public String key;
    public String value;

    public EchoMessage() {}

    public EchoMessage(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
