-- +goose Up
-- A page state's place in the whole tree, stored: the position and ID of every
-- ancestor from the top, then its own, [pos1, id1, pos2, id2, ...]. Arrays
-- compare element by element, so ordering by tree_key lists a state's pages as
-- the tree shows them (every page right after its parent, siblings by position
-- then ID) straight from an index, and a cursor is the key itself. The key is
-- kept by triggers whatever writes page_states: a row's key is computed from
-- its parent's when it is written, and a changed key is handed down to the
-- children (and so on down the subtree) when it changes.
ALTER TABLE page_states ADD COLUMN tree_key bigint[] NOT NULL DEFAULT '{}';

-- +goose StatementBegin
CREATE FUNCTION page_states_tree_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.tree_key := coalesce((SELECT p.tree_key FROM page_states p
                              WHERE p.page_id = NEW.parent_id AND p.state = NEW.state), '{}')
                    || ARRAY[NEW.position::bigint, NEW.page_id];
    RETURN NEW;
END
$$;

CREATE FUNCTION page_states_tree_key_down() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Rewriting the children's key recomputes it from this row (the trigger
    -- above), which hands it further down when it changed.
    UPDATE page_states SET tree_key = '{}' WHERE parent_id = NEW.page_id AND state = NEW.state;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER tree_key BEFORE INSERT OR UPDATE ON page_states
    FOR EACH ROW EXECUTE FUNCTION page_states_tree_key();
CREATE TRIGGER tree_key_down AFTER UPDATE ON page_states
    FOR EACH ROW WHEN (OLD.tree_key IS DISTINCT FROM NEW.tree_key)
    EXECUTE FUNCTION page_states_tree_key_down();

-- Existing rows: rewriting the top level hands the keys down the whole tree.
UPDATE page_states SET tree_key = '{}' WHERE parent_id IS NULL;

CREATE INDEX page_states_tree ON page_states (state, tree_key);

-- +goose Down
DROP INDEX page_states_tree;
DROP TRIGGER tree_key_down ON page_states;
DROP TRIGGER tree_key ON page_states;
DROP FUNCTION page_states_tree_key_down(), page_states_tree_key();
ALTER TABLE page_states DROP COLUMN tree_key;
