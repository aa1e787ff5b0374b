package dev.flinkrecipes.core.serde;

/** Money is summed as doubles (as Spark does) and written rounded to cents. */
public final class Money {
    private Money() {}

    public static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
