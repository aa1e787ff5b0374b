package dev.flinkrecipes.invoices;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import dev.flinkrecipes.core.serde.JsonValue;

/**
 * Reads one invoice line. Required: InvoiceNumber, CreatedTime (epoch ms), StoreID,
 * InvoiceLineItems (each with ItemCode, ItemPrice, ItemQty, TotalValue). DeliveryAddress is
 * optional (City, State, PinCode are then null); the other fields (CashierID, taxes...) are not
 * kept.
 */
public final class InvoiceParser extends JsonRecordParser<Invoice> {
    private static final long serialVersionUID = 1L;

    @Override
    protected Invoice read(JsonRecord record) throws InvalidRecordException {
        Invoice inv = new Invoice();
        boolean[] seen = new boolean[2]; // CreatedTime, InvoiceLineItems
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "InvoiceNumber" -> inv.invoiceNumber = JsonFields.string(field, value);
                        case "CreatedTime" -> {
                            inv.createdTime = JsonFields.integer(field, value);
                            seen[0] = true;
                        }
                        case "StoreID" -> inv.storeId = JsonFields.string(field, value);
                        case "PosID" -> inv.posId = JsonFields.string(field, value);
                        case "CustomerType" -> inv.customerType = JsonFields.string(field, value);
                        case "PaymentMethod" -> inv.paymentMethod = JsonFields.string(field, value);
                        case "DeliveryType" -> inv.deliveryType = JsonFields.string(field, value);
                        case "DeliveryAddress" -> {
                            if (JsonFields.isNull(value)) return;
                            JsonFields.nestedObject(
                                    field,
                                    value,
                                    (f, v) -> {
                                        switch (f) {
                                            case "City" ->
                                                    inv.city =
                                                            JsonFields.string(
                                                                    "DeliveryAddress.City", v);
                                            case "State" ->
                                                    inv.state =
                                                            JsonFields.string(
                                                                    "DeliveryAddress.State", v);
                                            case "PinCode" ->
                                                    inv.pinCode =
                                                            JsonFields.string(
                                                                    "DeliveryAddress.PinCode", v);
                                            default -> JsonFields.skip(v);
                                        }
                                    });
                        }
                        case "InvoiceLineItems" -> {
                            seen[1] = true;
                            JsonFields.arrayOfObjects(
                                    field, value, (i, element) -> inv.items.add(item(i, element)));
                        }
                        default -> JsonFields.skip(value);
                    }
                });
        if (inv.invoiceNumber == null || inv.invoiceNumber.isBlank())
            throw JsonFields.missing("InvoiceNumber");
        if (!seen[0]) throw JsonFields.missing("CreatedTime");
        if (inv.storeId == null) throw JsonFields.missing("StoreID");
        if (!seen[1]) throw JsonFields.missing("InvoiceLineItems");
        return inv;
    }

    private static Invoice.Item item(int index, JsonValue element) throws InvalidRecordException {
        Invoice.Item item = new Invoice.Item();
        String at = "InvoiceLineItems[" + index + "].";
        boolean[] seen = new boolean[3]; // price, qty, total
        JsonFields.nestedObject(
                at,
                element,
                (f, v) -> {
                    switch (f) {
                        case "ItemCode" -> item.itemCode = JsonFields.string(at + f, v);
                        case "ItemDescription" ->
                                item.itemDescription = JsonFields.string(at + f, v);
                        case "ItemPrice" -> {
                            item.itemPrice = JsonFields.number(at + f, v);
                            seen[0] = true;
                        }
                        case "ItemQty" -> {
                            item.itemQty = JsonFields.integer(at + f, v);
                            seen[1] = true;
                        }
                        case "TotalValue" -> {
                            item.totalValue = JsonFields.number(at + f, v);
                            seen[2] = true;
                        }
                        default -> JsonFields.skip(v);
                    }
                });
        if (item.itemCode == null) throw JsonFields.missing(at + "ItemCode");
        if (!seen[0]) throw JsonFields.missing(at + "ItemPrice");
        if (!seen[1]) throw JsonFields.missing(at + "ItemQty");
        if (!seen[2]) throw JsonFields.missing(at + "TotalValue");
        return item;
    }
}
