-- "Everything support did" (actor type without an id) in time order, without a sort.
CREATE INDEX audit_events_actor_type_at_idx ON audit_events (actor_type, at, id);
