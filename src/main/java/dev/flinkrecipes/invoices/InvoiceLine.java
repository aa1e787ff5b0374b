package dev.flinkrecipes.invoices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * One output record per invoice line item, with the Spark document's fields, named as in the input
 * files (InvoiceNumber, CreatedTime, StoreID...), not snake_case.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public class InvoiceLine {
    public String invoiceNumber;
    public long createdTime;
    public String storeID;
    public String posID;
    public String customerType;
    public String paymentMethod;
    public String deliveryType;
    public String city;
    public String state;
    public String pinCode;
    public String itemCode;
    public String itemDescription;
    public double itemPrice;
    public long itemQty;
    public double totalValue;

    public InvoiceLine() {}

    /** The document's explode(InvoiceLineItems): an invoice becomes one record per item. */
    public static final class Explode implements FlatMapFunction<Invoice, InvoiceLine> {
        @Override
        public void flatMap(Invoice inv, Collector<InvoiceLine> out) {
            for (Invoice.Item item : inv.items) {
                InvoiceLine l = new InvoiceLine();
                l.invoiceNumber = inv.invoiceNumber;
                l.createdTime = inv.createdTime;
                l.storeID = inv.storeId;
                l.posID = inv.posId;
                l.customerType = inv.customerType;
                l.paymentMethod = inv.paymentMethod;
                l.deliveryType = inv.deliveryType;
                l.city = inv.city;
                l.state = inv.state;
                l.pinCode = inv.pinCode;
                l.itemCode = item.itemCode;
                l.itemDescription = item.itemDescription;
                l.itemPrice = item.itemPrice;
                l.itemQty = item.itemQty;
                l.totalValue = item.totalValue;
                out.collect(l);
            }
        }
    }
}
