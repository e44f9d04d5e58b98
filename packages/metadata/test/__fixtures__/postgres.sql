-- pg_dump --schema-only --table=public.patient
CREATE TABLE public.patient (
    id bigserial PRIMARY KEY,
    national_id character varying(20) NOT NULL UNIQUE,
    full_name varchar(255) NOT NULL,
    sex text,
    dob date,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
