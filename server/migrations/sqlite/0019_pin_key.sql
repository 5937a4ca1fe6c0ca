-- A request keeps the id of the secret its PIN is derived from (issue 14): the PIN is checked by
-- deriving it again, so a new request stores no hash of it (its pin_hash stays ''), and a
-- submission costs no argon2 run. Requests made before keep their argon2 hash until the server
-- converts them (at start, in the background).
ALTER TABLE requests ADD COLUMN pin_key TEXT NOT NULL DEFAULT '';

-- The requests whose PIN is still a hash: found quickly, and "none left" answered at once.
CREATE INDEX requests_pin_hashed ON requests (id) WHERE pin_hash <> '';
