-- The two roles FinInfra runs with, and what each may do. Run once, as a superuser, connected to the service's
-- database, with psql variables:
--   psql -v ON_ERROR_STOP=1 -v database=fininfra \
--        -v migrator_role=fininfra_migrator -v migrator_password=… \
--        -v app_role=fininfra_app -v app_password=… -f roles.sql
-- (deploy/postgres/10-fininfra-roles.sh does this when the compose database is first created.)
--
-- migrator_role owns the database and its schema: `db upgrade` runs as it, and only it can create, alter or drop.
-- app_role is the service: it reads and writes the rows of every table the migrator creates, and nothing else
-- (no DDL, no TRUNCATE, no superuser, no role or database creation).

CREATE ROLE :"migrator_role" LOGIN PASSWORD :'migrator_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;

ALTER DATABASE :"database" OWNER TO :"migrator_role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"app_role";

ALTER SCHEMA public OWNER TO :"migrator_role";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_role";

-- Every table and sequence the migrator creates from now on (the migrations run after this script)…
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
-- …and any that already exist (when the script is applied to a database migrated before it).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
