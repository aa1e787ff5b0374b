package dev.flinkrecipes.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL's text cannot hold a NUL character: a person with one made the JDBC sink's batch fail,
 * then the job, then every restart on the same record. Now it is a dead letter, whatever field it
 * is in.
 */
class PersonNulCharacterTest {
    private static String person(String field, String value) {
        String json =
                "{\"person_id\":\"p1\",\"name\":\"Ana\",\"email\":\"a@x.es\",\"created_at\":\"2024-01-15T10:30:00Z\"}";
        return json.replace(
                "\""
                        + field
                        + "\":\""
                        + (field.equals("person_id")
                                ? "p1"
                                : field.equals("name") ? "Ana" : "a@x.es")
                        + "\"",
                "\"" + field + "\":\"" + value + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"person_id", "name", "email"})
    void aNulCharacterIsADeadLetter(String field) throws Exception {
        assertThat(new PersonParser().parse(person(field, "ok")).personId).isNotNull();
        assertThatThrownBy(() -> new PersonParser().parse(person(field, "a\\u0000b")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(
                        field + ": contains a NUL character, which PostgreSQL text cannot store");
    }
}
