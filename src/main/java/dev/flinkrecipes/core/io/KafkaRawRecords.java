package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka records as they are, never failing here: decoded and parsed downstream, where bad records
 * go to the DLQ with their exact bytes (a value need not be valid UTF-8). Key, topic, partition,
 * offset and timestamp come along, the metadata Spark's Kafka source gives every row, for a parser
 * that wants them ({@code RecordParser#parse(RawRecord)}).
 */
final class KafkaRawRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(
                RawRecord.kafka(
                        record.key(),
                        record.value(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
