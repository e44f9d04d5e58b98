-- dbo.household_survey and dbo.household_member on the central M&E database (SQL Server 2019).
-- SSMS: Script Table as > CREATE To > New Query Editor Window, one table after the other.
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[household_survey](
	[id] [int] IDENTITY(1,1) NOT NULL,
	[kobo_id] [int] NOT NULL,
	[kobo_uuid] [nvarchar](36) NULL,
	[submitted_at] [datetime2](0) NOT NULL,
	[district_code] [nvarchar](3) NOT NULL CHECK ([district_code] IN ('BO', 'KEN', 'KAI', 'PLO')),
	[household_size] [int] NULL,
	[water_source] [nvarchar](20) NULL CHECK ([water_source] IN ('IMPROVED_PIPED', 'IMPROVED_OTHER', 'UNIMPROVED', 'SURFACE')),
	[symptoms] [nvarchar](200) NULL,
	[gps_lat] [decimal](9, 6) NULL,
	[instance_id] [nvarchar](64) NULL,
	[form_version] [nvarchar](32) NULL,
	[loaded_at] [datetime2](7) NOT NULL DEFAULT (sysutcdatetime()),
	CONSTRAINT [PK_household_survey] PRIMARY KEY ([id]),
	CONSTRAINT [UQ_household_survey_kobo_id] UNIQUE ([kobo_id])
)
GO
CREATE TABLE [dbo].[household_member](
	[id] [int] IDENTITY(1,1) NOT NULL,
	[member_key] [nvarchar](40) NOT NULL,
	[age_years] [int] NULL,
	[sex] [char](1) NULL CHECK ([sex] IN ('M', 'F')),
	[sick_last_2_weeks] [bit] NULL,
	[loaded_at] [datetime2](7) NOT NULL DEFAULT (sysutcdatetime()),
	CONSTRAINT [PK_household_member] PRIMARY KEY ([id]),
	CONSTRAINT [UQ_household_member_member_key] UNIQUE ([member_key])
)
GO
