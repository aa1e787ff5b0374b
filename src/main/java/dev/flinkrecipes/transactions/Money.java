package dev.flinkrecipes.transactions;

/** Amounts are summed as doubles (as Spark does) and written rounded to cents. */
final class Money {
    private Money() {}

    static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
