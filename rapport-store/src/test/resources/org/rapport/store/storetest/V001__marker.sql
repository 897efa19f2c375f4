-- A migration of a test module, found through ServiceLoader (RapportStoreTest).
CREATE TABLE storetest_marker (note VARCHAR);
INSERT INTO storetest_marker VALUES ('applied by TestMigrations');
