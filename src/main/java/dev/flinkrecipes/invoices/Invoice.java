package dev.flinkrecipes.invoices;

import java.util.ArrayList;
import java.util.List;

/** One invoice as the folder's JSON files hold it (one per line), with the fields the job keeps. */
public class Invoice {
    public String invoiceNumber;

    /** Epoch milliseconds, as in the files. */
    public long createdTime;

    public String storeId;
    public String posId;
    public String customerType;
    public String paymentMethod;
    public String deliveryType;

    /** From DeliveryAddress; null when the invoice has none (a take-away). */
    public String city;

    public String state;
    public String pinCode;
    public List<Item> items = new ArrayList<>();

    public Invoice() {}

    /** One line item. */
    public static class Item {
        public String itemCode;
        public String itemDescription;
        public double itemPrice;
        public long itemQty;
        public double totalValue;

        public Item() {}
    }
}
