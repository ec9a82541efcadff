<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Database connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;mbedded demo database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A demo database on this computer, filled with realistic events: nothing to set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PostgreSQL server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The platform&apos;s billing database (read-only access is enough).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realistic demo data, kept on this computer in
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. db.example.com (empty: local socket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s name or address, or several: host1,host2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s TCP port; PostgreSQL&apos;s default is 5432</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required: the database&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name of the billing database on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: your login name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database role to connect as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: PGPASSWORD or ~/.pgpass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sh&amp;ow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the password as typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption: prefer uses TLS when the server offers it; verify-full also checks the server&apos;s certificate and name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s CA file, or: system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a client certificate file (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its private key file (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your company&apos;s name, in the header of every statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server CA f&amp;ile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lient certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is kept in the system keyring, never in the settings file. Leave it empty to use PGPASSWORD or ~/.pgpass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password is kept for this session only: Billing Desktop will ask for it again next time. (It is never written to the settings file.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect once with these settings and say what happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;nnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this database and save the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the database in use now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statements issued &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name of the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo database will be created when you connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error while testing; see the error report.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>No answer from the server within %1 s; check the host, port and any firewall.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CostChart</name>
    <message>
        <source>MMM yyyy</source>
        <comment>date format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM</source>
        <comment>date format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <comment>date format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>date format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily cost (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily cost — nothing loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 %2
%3  ·  %Ln event(s)</source>
        <translation>
            <numerusform>%1 %2
%3  ·  %Ln event</numerusform>
            <numerusform>%1 %2
%3  ·  %Ln events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong inside Billing Desktop.&lt;/b&gt;&lt;br&gt;This is a bug, not something you did. The app keeps running; if something looks wrong, restart it. Please send the details below to the maintainers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no log file could be written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardWorker</name>
    <message>
        <source>The dashboard could not be loaded because of an internal error; details are in the log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo database (first start)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>You are looking at demo data, not your own figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made-up tenants and models in a database on this computer. Connect to your billing database to see your own figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to your database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Connection settings and choose your PostgreSQL billing database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineLabels</name>
    <message>
        <source>&amp;CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON &amp;Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xcel workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF doc&amp;ument</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FOCUS 1.&amp;2 (FinOps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FOCUS 1.2 (FinOps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated text: one line per row, for Excel, databases and scripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One JSON document: the rows with the parameters and totals in its metadata.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One JSON object per line: for pandas, DuckDB and warehouse loaders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Excel workbook: dates, numbers and a dollar column as typed cells, with a Summary sheet of the parameters and totals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A document to read and send: each tenant&apos;s statement with a split, else a usage report with the totals, every tenant and model, and the daily cost chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FinOps Open Cost and Usage Specification 1.2: cost and usage rows per day or month, tenant and model, for FinOps tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FOCUS CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By tenant and model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export billing data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the file (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cl&amp;ose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the dialog (Esc); asks first while an export runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cop&amp;y command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the billing-desktop export command that writes this same file on the clipboard, for a script, cron or Task Scheduler. It never holds a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) written (total cost %1).</source>
        <translation>
            <numerusform>%Ln row written (total cost %1).</numerusform>
            <numerusform>%Ln rows written (total cost %1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) will be written (total cost %1).</source>
        <translation>
            <numerusform>%Ln row will be written (total cost %1).</numerusform>
            <numerusform>%Ln rows will be written (total cost %1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not count the rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the file first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No command line: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the command line to the clipboard. It reads the password where this window does (the keyring, PGPASSWORD or ~/.pgpass); add --force to replace the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the statements folder in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the file name?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not end in %2, the extension of the %3 format, so other programs may not open it.

Save it as %4 instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the folder?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists in %2.
Replace it with this export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and close?
No file will be written and an existing file is left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportForm</name>
    <message>
        <source>Comma (,)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semicolon (;): Excel in German, French and other comma-decimal locales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A period is resolved when the export runs, in the export&apos;s time zone: a preset or a copied command of Last month means the month before the day it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day of the export, included, in its time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last day of the export, included, in its time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(both inclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events: one row per event. The other scopes: one row per period and tenant, model, or tenant and model, with exact sums.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period of each grouped row: a day, a calendar month in the export&apos;s time zone (a month cut by the dates holds only its days in range), or the whole range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenants:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with a &amp;byte-order mark (Excel on Windows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel on Windows reads a CSV as UTF-8 only with this mark; other programs do not need it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formula &amp;guard: prefix text starting with = + - @ with &apos; so Excel never runs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tenant or model name starting with = + - @ would run as a formula in Excel; the guard writes it with a leading &apos; (the data stays readable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The character between fields. A field holding it is quoted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your language writes numbers with a decimal comma, so a new export starts with the semicolon, which Excel then expects. The command line&apos;s default stays the comma.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delim&amp;iter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write (for statements: the folder to create). An existing one is replaced only after you confirm, and only when the export has succeeded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file, or for statements the folder, in a dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One file per tenant (statements), &amp;written into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each tenant&apos;s rows go to their own file, named after the tenant, all from one snapshot: the files add up to the whole. The folder appears whole or not at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a ma&amp;nifest beside it (size, SHA-256, rows and totals, for verify)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE.manifest.json lets `billing-desktop verify` prove later that the file is unchanged and whether the database still agrees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportProgressPanel</name>
    <message>
        <source>&amp;Cancel export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the export; the target file is left untouched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the export (reading totals)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected; reading totals…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s  ·  about %3 left</source>
        <translation>
            <numerusform>%1 of %Ln row  ·  %2 rows/s  ·  about %3 left</numerusform>
            <numerusform>%1 of %Ln rows  ·  %2 rows/s  ·  about %3 left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s</source>
        <translation>
            <numerusform>%1 of %Ln row  ·  %2 rows/s</numerusform>
            <numerusform>%1 of %Ln rows  ·  %2 rows/s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)</source>
        <translation>
            <numerusform>%1 of %Ln row</numerusform>
            <numerusform>%1 of %Ln rows</numerusform>
        </translation>
    </message>
    <message>
        <source>started again (see tooltip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportSummaryPanel</name>
    <message>
        <source>Open &amp;file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file with its usual program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;how in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the file in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) (%1) in %2.</source>
        <translation>
            <numerusform>Exported %Ln row (%1) in %2.</numerusform>
            <numerusform>Exported %Ln rows (%1) in %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file&apos;s totals differ from the dashboard&apos;s (%1). The data may have changed since the dashboard was refreshed: refresh it and compare again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ The file&apos;s totals match the dashboard&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows (events)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FailedRunsBanner</name>
    <message>
        <source>&amp;Re-run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the schedules that failed again, now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled exports failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running &apos;{name}&apos; again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ran again and succeeded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exit status {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{name}&apos; failed again: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>%1 K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day boundaries and dates follow this time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a time zone: the dashboard and exports count days in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos;: pick one from the list, for example Europe/Berlin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day (inclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day (inclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick date ranges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the figures from the database (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time &amp;zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupTableModel</name>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens
in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens
out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost
(USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the help (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File / message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One file per tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every export from the window and the command line, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-run cancelled; the file is as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export again with the same parameters on today&apos;s data, to the same file. A period such as Last month is resolved again today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file with its usual application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the file or folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-read the file, check it against its manifest (size, SHA-256, rows, totals) and recompute its totals in the database: did anything change since?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Esc); asks first while a re-run is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No exports yet. Every export, from here or the command line, will be listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(standard output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This export cannot be run again: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This export read %1.
The window is connected to %2.

Re-run it on %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-run the export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will be written again from today&apos;s data (%2 to %3), replacing the one in %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Written again: %Ln row(s), total cost %1.</source>
        <translation>
            <numerusform>Written again: %Ln row, total cost %1.</numerusform>
            <numerusform>Written again: %Ln rows, total cost %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not verified: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>database: not compared (this window is connected to another one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period: {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The re-run is still running. Cancel it and close?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Issuer</name>
    <message>
        <source>Your company&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statements are issued by (your company&apos;s name, in their header):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the events of this filter to CSV or JSON (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost by tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost by model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a column&apos;s title to sort by it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent exports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scheduled exports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection &amp;profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Troubleshooting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily cost — no database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily cost — not loaded from this database yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1 (%2 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Enter it, or set it under File → Connection settings….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1 on %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database is connected. Choose one under File → Connection settings… first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billing Desktop shows demo data until it is connected to your billing database. Connect to your database now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2

LLM usage and cost per tenant, model and day, and exports you can trust to the cent.

Settings: %3
Logs: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window&apos;s language. It changes when Billing Desktop next starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and quit? The target file stays untouched.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MultiSelect</name>
    <message>
        <source>Search tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the choice: show all tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing all tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the choice: show all models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing all models</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln tenant(s)</source>
        <translation>
            <numerusform>%Ln tenant</numerusform>
            <numerusform>%Ln tenants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s)</source>
        <translation>
            <numerusform>%Ln model</numerusform>
            <numerusform>%Ln models</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <source>Saved export options. A preset with a period (such as Last month) stays relative; the same presets run on the command line: billing-desktop export --preset NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ave as preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the choices below under a name, for here and for the command line&apos;s --preset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ma&amp;ke a schedule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run these export options on a schedule (saved as a preset first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These choices cannot be saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these export options as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace preset?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A preset named &apos;%1&apos; exists. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schedule &apos;{name}&apos; is set: {when}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileBar</name>
    <message>
        <source>Connection profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved connection to edit and use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a new connection under a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give this connection another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget this connection and its password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection profile&apos;s name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile named &apos;{name}&apos; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add connection profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename connection profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove connection profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the connection &apos;{name}&apos; and its password?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SheetTable</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export these rows…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryCards</name>
    <message>
        <source>Total cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens sent to models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>over %Ln day(s)</source>
        <translation>
            <numerusform>over %Ln day</numerusform>
            <numerusform>over %Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s) used</source>
        <translation>
            <numerusform>%Ln model used</numerusform>
            <numerusform>%Ln models used</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotalsModel</name>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TotalsRow</name>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The totals of every row of the table above</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msgbox</name>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file manager can show %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No program is set up to open %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
