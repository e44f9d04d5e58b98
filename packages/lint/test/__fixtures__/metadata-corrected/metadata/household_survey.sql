-- Exported from SSMS: Script Table as > CREATE To
SET ANSI_NULLS ON
GO
CREATE TABLE [dbo].[household_survey](
	[id] [int] IDENTITY(1,1) NOT NULL,
	[kobo_uuid] [nvarchar](36) NOT NULL,
	[district] [nvarchar](100) NOT NULL,
	[head_name] [nvarchar](120) NULL,
	[members] [int] NOT NULL,
	[water_source] [varchar](20) NULL CHECK ([water_source] IN ('PIPED', 'WELL', 'OTHER')),
	[loaded_at] [datetime2](7) NOT NULL DEFAULT (sysutcdatetime()),
	CONSTRAINT [PK_household_survey] PRIMARY KEY ([id]),
	CONSTRAINT [UQ_household_survey_kobo_uuid] UNIQUE ([kobo_uuid])
)
GO
