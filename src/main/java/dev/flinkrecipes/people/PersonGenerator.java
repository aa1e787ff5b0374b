package dev.flinkrecipes.people;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import net.datafaker.Faker;

/**
 * Realistic fake people from Datafaker (the Java counterpart of the document's Python Faker),
 * Spanish locale: name, email, address, phone, job. Person {@code i} depends only on the seed and
 * {@code i}.
 */
public final class PersonGenerator extends JsonEventGenerator<Person> {
    private static final long serialVersionUID = 1L;
    private transient Random random;
    private transient Faker faker;

    public PersonGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected Person event(long index, SplittableRandom r, long timestamp) {
        if (faker == null) {
            random = new Random();
            faker = new Faker(Locale.forLanguageTag("es-ES"), random);
        }
        random.setSeed(r.nextLong()); // Datafaker draws from this Random: reseeded per person,
        // reproducible
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        return new Person(
                String.format("person_%06d", index),
                first + " " + last,
                faker.internet().emailAddress(ascii(first + "." + last)),
                faker.address().fullAddress(),
                faker.phoneNumber().cellPhone(),
                faker.job().title(),
                timestamp);
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("[^\\p{ASCII}]", "")
                .replaceAll("[^A-Za-z.]", "")
                .toLowerCase(Locale.ROOT);
    }

    @Override
    protected String keyOf(Person p) {
        return p.personId;
    }
}
