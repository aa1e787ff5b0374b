package dev.flinkrecipes.people;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/**
 * A fake person from {@code iabd-python-topic}: the document's five data items (name, email,
 * address, phone, job), a stable {@code person_id} (the table's key, so a replay updates rather
 * than duplicates) and when it was made.
 */
public class Person {
    public String personId;
    public String name;
    public String email;
    public String address;
    public String phone;
    public String job;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long createdAt;

    public Person() {}

    public Person(
            String personId,
            String name,
            String email,
            String address,
            String phone,
            String job,
            long createdAt) {
        this.personId = personId;
        this.name = name;
        this.email = email;
        this.address = address;
        this.phone = phone;
        this.job = job;
        this.createdAt = createdAt;
    }
}
