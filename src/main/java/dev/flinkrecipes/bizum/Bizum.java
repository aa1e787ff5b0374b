package dev.flinkrecipes.bizum;

/** One bizum (a Spanish instant payment): who, how much, what for. */
public class Bizum {
    /** Lower-cased, so MARIA, Maria and maria are one person. */
    public String name;

    public double amount;
    public String concept;

    public Bizum() {}

    public Bizum(String name, double amount, String concept) {
        this.name = name;
        this.amount = amount;
        this.concept = concept;
    }
}
