-- Cumulative refunded amount per purchase (Stripe's charge.amount_refunded), so
-- partial refunds are visible to support without changing seats.
ALTER TABLE purchases ADD COLUMN amount_refunded INTEGER DEFAULT 0 NOT NULL;
