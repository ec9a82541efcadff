<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Database connection</source>
        <translation>Datenbankverbindung</translation>
    </message>
    <message>
        <source>E&amp;mbedded demo database</source>
        <translation>&amp;Eingebaute Demo-Datenbank</translation>
    </message>
    <message>
        <source>A demo database on this computer, filled with realistic events: nothing to set up.</source>
        <translation>Eine Demo-Datenbank auf diesem Computer mit realistischen Ereignissen: nichts einzurichten.</translation>
    </message>
    <message>
        <source>&amp;PostgreSQL server</source>
        <translation>&amp;PostgreSQL-Server</translation>
    </message>
    <message>
        <source>The platform&apos;s billing database (read-only access is enough).</source>
        <translation>Die Abrechnungsdatenbank der Plattform (Lesezugriff genügt).</translation>
    </message>
    <message>
        <source>Realistic demo data, kept on this computer in
%1</source>
        <translation>Realistische Demo-Daten, auf diesem Computer gespeichert in
%1</translation>
    </message>
    <message>
        <source>e.g. db.example.com (empty: local socket)</source>
        <translation>z. B. db.example.com (leer: lokaler Socket)</translation>
    </message>
    <message>
        <source>The server&apos;s name or address, or several: host1,host2</source>
        <translation>Name oder Adresse des Servers, oder mehrere: host1,host2</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The server&apos;s TCP port; PostgreSQL&apos;s default is 5432</source>
        <translation>TCP-Port des Servers; Standard bei PostgreSQL ist 5432</translation>
    </message>
    <message>
        <source>required: the database&apos;s name</source>
        <translation>erforderlich: Name der Datenbank</translation>
    </message>
    <message>
        <source>The name of the billing database on the server</source>
        <translation>Name der Abrechnungsdatenbank auf dem Server</translation>
    </message>
    <message>
        <source>empty: your login name</source>
        <translation>leer: Ihr Anmeldename</translation>
    </message>
    <message>
        <source>The database role to connect as</source>
        <translation>Die Datenbankrolle für die Verbindung</translation>
    </message>
    <message>
        <source>empty: PGPASSWORD or ~/.pgpass</source>
        <translation>leer: PGPASSWORD oder ~/.pgpass</translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a settings file</source>
        <translation>Im Schlüsselbund des Systems gespeichert, nie in einer Einstellungsdatei</translation>
    </message>
    <message>
        <source>Sh&amp;ow</source>
        <translation>An&amp;zeigen</translation>
    </message>
    <message>
        <source>Show the password as typed</source>
        <translation>Passwort im Klartext zeigen</translation>
    </message>
    <message>
        <source>SSL mode</source>
        <translation>SSL-Modus</translation>
    </message>
    <message>
        <source>Encryption: prefer uses TLS when the server offers it; verify-full also checks the server&apos;s certificate and name</source>
        <translation>Verschlüsselung: prefer nutzt TLS, wenn der Server es anbietet; verify-full prüft auch Zertifikat und Namen des Servers</translation>
    </message>
    <message>
        <source>the server&apos;s CA file, or: system</source>
        <translation>die CA-Datei des Servers, oder: system</translation>
    </message>
    <message>
        <source>a client certificate file (optional)</source>
        <translation>eine Client-Zertifikatsdatei (optional)</translation>
    </message>
    <message>
        <source>its private key file (optional)</source>
        <translation>die Datei seines privaten Schlüssels (optional)</translation>
    </message>
    <message>
        <source>Your company&apos;s name, in the header of every statement</source>
        <translation>Der Name Ihres Unternehmens, im Kopf jeder Abrechnung</translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
    <message>
        <source>Server CA f&amp;ile:</source>
        <translation>CA-Date&amp;i des Servers:</translation>
    </message>
    <message>
        <source>C&amp;lient certificate:</source>
        <translation>C&amp;lient-Zertifikat:</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Client-Schlüs&amp;sel:</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>Pro&amp;fil:</translation>
    </message>
    <message>
        <source>The password is kept in the system keyring, never in the settings file. Leave it empty to use PGPASSWORD or ~/.pgpass.</source>
        <translation>Das Passwort wird im Schlüsselbund des Systems gespeichert, nie in der Einstellungsdatei. Leer lassen, um PGPASSWORD oder ~/.pgpass zu verwenden.</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password is kept for this session only: Billing Desktop will ask for it again next time. (It is never written to the settings file.)</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund verfügbar, daher gilt das Passwort nur für diese Sitzung: Billing Desktop fragt beim nächsten Mal erneut danach. (Es wird nie in die Einstellungsdatei geschrieben.)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connect once with these settings and say what happened</source>
        <translation>Einmal mit diesen Einstellungen verbinden und das Ergebnis zeigen</translation>
    </message>
    <message>
        <source>Co&amp;nnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Use this database and save the settings</source>
        <translation>Diese Datenbank verwenden und die Einstellungen speichern</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Keep the database in use now</source>
        <translation>Die aktuelle Datenbank beibehalten</translation>
    </message>
    <message>
        <source>Statements issued &amp;by:</source>
        <translation>A&amp;brechnungen ausgestellt von:</translation>
    </message>
    <message>
        <source>Enter the name of the database.</source>
        <translation>Geben Sie den Namen der Datenbank ein.</translation>
    </message>
    <message>
        <source>The demo database will be created when you connect.</source>
        <translation>Die Demo-Datenbank wird beim Verbinden angelegt.</translation>
    </message>
    <message>
        <source>Connected: %1.</source>
        <translation>Verbunden: %1.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Unexpected error while testing; see the error report.</source>
        <translation>Unerwarteter Fehler beim Testen; siehe Fehlerbericht.</translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>No answer from the server within %1 s; check the host, port and any firewall.</source>
        <translation>Keine Antwort vom Server innerhalb von %1 s; prüfen Sie Host, Port und Firewall.</translation>
    </message>
</context>
<context>
    <name>CostChart</name>
    <message>
        <source>MMM yyyy</source>
        <comment>date format</comment>
        <translation>MMM yyyy</translation>
    </message>
    <message>
        <source>MMM</source>
        <comment>date format</comment>
        <translation>MMM</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <comment>date format</comment>
        <translation>d. MMM yyyy</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>date format</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>Daily cost (%1)</source>
        <translation>Tägliche Kosten (%1)</translation>
    </message>
    <message>
        <source>Daily cost — nothing loaded yet</source>
        <translation>Tägliche Kosten – noch nichts geladen</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2
%3  ·  %Ln event(s)</source>
        <translation>
            <numerusform>%1 %2
%3  ·  %Ln Ereignis</numerusform>
            <numerusform>%1 %2
%3  ·  %Ln Ereignisse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong inside Billing Desktop.&lt;/b&gt;&lt;br&gt;This is a bug, not something you did. The app keeps running; if something looks wrong, restart it. Please send the details below to the maintainers.</source>
        <translation>&lt;b&gt;In Billing Desktop ist etwas schiefgelaufen.&lt;/b&gt;&lt;br&gt;Das ist ein Programmfehler, nicht Ihrer. Die App läuft weiter; wenn etwas falsch aussieht, starten Sie sie neu. Bitte senden Sie die Details unten an die Entwickler.</translation>
    </message>
    <message>
        <source>(no log file could be written)</source>
        <translation>(keine Protokolldatei schreibbar)</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Protokolldatei: %1</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>DashboardWorker</name>
    <message>
        <source>The dashboard could not be loaded because of an internal error; details are in the log file.</source>
        <translation>Das Dashboard konnte wegen eines internen Fehlers nicht geladen werden; Details stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>Creating the demo database (first start)…</source>
        <translation>Demo-Datenbank wird angelegt (erster Start)…</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>You are looking at demo data, not your own figures.</source>
        <translation>Sie sehen Demodaten, nicht Ihre eigenen Zahlen.</translation>
    </message>
    <message>
        <source>Made-up tenants and models in a database on this computer. Connect to your billing database to see your own figures.</source>
        <translation>Erfundene Mandanten und Modelle in einer Datenbank auf diesem Computer. Verbinden Sie Ihre Abrechnungsdatenbank, um Ihre eigenen Zahlen zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Connect to your database…</source>
        <translation>Mit Ihrer Datenbank &amp;verbinden…</translation>
    </message>
    <message>
        <source>Open Connection settings and choose your PostgreSQL billing database</source>
        <translation>Verbindungseinstellungen öffnen und Ihre PostgreSQL-Abrechnungsdatenbank wählen</translation>
    </message>
</context>
<context>
    <name>EngineLabels</name>
    <message>
        <source>&amp;CSV</source>
        <translation>&amp;CSV</translation>
    </message>
    <message>
        <source>&amp;JSON</source>
        <translation>&amp;JSON</translation>
    </message>
    <message>
        <source>JSON &amp;Lines</source>
        <translation>JSON &amp;Lines</translation>
    </message>
    <message>
        <source>E&amp;xcel workbook</source>
        <translation>E&amp;xcel-Arbeitsmappe</translation>
    </message>
    <message>
        <source>PDF doc&amp;ument</source>
        <translation>PDF-Dok&amp;ument</translation>
    </message>
    <message>
        <source>FOCUS 1.&amp;2 (FinOps)</source>
        <translation>FOCUS 1.&amp;2 (FinOps)</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Excel-Arbeitsmappe</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>FOCUS 1.2 (FinOps)</source>
        <translation>FOCUS 1.2 (FinOps)</translation>
    </message>
    <message>
        <source>Comma-separated text: one line per row, for Excel, databases and scripts.</source>
        <translation>Kommagetrennter Text: eine Zeile pro Datensatz, für Excel, Datenbanken und Skripte.</translation>
    </message>
    <message>
        <source>One JSON document: the rows with the parameters and totals in its metadata.</source>
        <translation>Ein JSON-Dokument: die Zeilen, mit Parametern und Summen in den Metadaten.</translation>
    </message>
    <message>
        <source>One JSON object per line: for pandas, DuckDB and warehouse loaders.</source>
        <translation>Ein JSON-Objekt pro Zeile: für pandas, DuckDB und Data-Warehouse-Loader.</translation>
    </message>
    <message>
        <source>An Excel workbook: dates, numbers and a dollar column as typed cells, with a Summary sheet of the parameters and totals.</source>
        <translation>Eine Excel-Arbeitsmappe: Daten, Zahlen und eine Dollarspalte als typisierte Zellen, mit einem Blatt „Summary“ für Parameter und Summen.</translation>
    </message>
    <message>
        <source>A document to read and send: each tenant&apos;s statement with a split, else a usage report with the totals, every tenant and model, and the daily cost chart.</source>
        <translation>Ein Dokument zum Lesen und Versenden: mit Aufteilung die Abrechnung jedes Mandanten, sonst ein Nutzungsbericht mit den Summen, jedem Mandanten und Modell und dem Diagramm der täglichen Kosten.</translation>
    </message>
    <message>
        <source>FinOps Open Cost and Usage Specification 1.2: cost and usage rows per day or month, tenant and model, for FinOps tools.</source>
        <translation>FinOps Open Cost and Usage Specification 1.2: Kosten- und Nutzungszeilen pro Tag oder Monat, Mandant und Modell, für FinOps-Werkzeuge.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>JSON-Lines-Dateien (*.jsonl)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-Arbeitsmappen (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>FOCUS CSV (*.csv)</source>
        <translation>FOCUS-CSV (*.csv)</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>By tenant</source>
        <translation>Nach Mandant</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>Nach Modell</translation>
    </message>
    <message>
        <source>By tenant and model</source>
        <translation>Nach Mandant und Modell</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Pro Tag</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>Whole range</source>
        <translation>Ganzer Zeitraum</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Letzte Woche</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Letzter Monat</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>Dieses Quartal</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>Letztes Quartal</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Dieses Jahr</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Letztes Jahr</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Jahr bis heute</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export billing data</source>
        <translation>Abrechnungsdaten exportieren</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Write the file (Enter)</source>
        <translation>Datei schreiben (Eingabetaste)</translation>
    </message>
    <message>
        <source>Cl&amp;ose</source>
        <translation>Schl&amp;ießen</translation>
    </message>
    <message>
        <source>Close the dialog (Esc); asks first while an export runs</source>
        <translation>Dialog schließen (Esc); fragt zuerst, während ein Export läuft</translation>
    </message>
    <message>
        <source>Cop&amp;y command line</source>
        <translation>Befehls&amp;zeile kopieren</translation>
    </message>
    <message>
        <source>Put the billing-desktop export command that writes this same file on the clipboard, for a script, cron or Task Scheduler. It never holds a password.</source>
        <translation>Legt den Befehl billing-desktop export, der genau diese Datei schreibt, in die Zwischenablage – für ein Skript, cron oder die Aufgabenplanung. Er enthält nie ein Passwort.</translation>
    </message>
    <message>
        <source>Counting rows…</source>
        <translation>Zeilen werden gezählt…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) written (total cost %1).</source>
        <translation>
            <numerusform>%Ln Zeile geschrieben (Gesamtkosten %1).</numerusform>
            <numerusform>%Ln Zeilen geschrieben (Gesamtkosten %1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) will be written (total cost %1).</source>
        <translation>
            <numerusform>%Ln Zeile wird geschrieben (Gesamtkosten %1).</numerusform>
            <numerusform>%Ln Zeilen werden geschrieben (Gesamtkosten %1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not count the rows.</source>
        <translation>Die Zeilen konnten nicht gezählt werden.</translation>
    </message>
    <message>
        <source>Choose where to save the file first</source>
        <translation>Wählen Sie zuerst, wo die Datei gespeichert wird</translation>
    </message>
    <message>
        <source>No command line: %1.</source>
        <translation>Keine Befehlszeile: %1.</translation>
    </message>
    <message>
        <source>Copied the command line to the clipboard. It reads the password where this window does (the keyring, PGPASSWORD or ~/.pgpass); add --force to replace the file.</source>
        <translation>Befehlszeile in die Zwischenablage kopiert. Sie liest das Passwort dort, wo auch dieses Fenster es liest (Schlüsselbund, PGPASSWORD oder ~/.pgpass); mit --force wird die Datei ersetzt.</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Create the statements folder in</source>
        <translation>Ordner für die Abrechnungen anlegen in</translation>
    </message>
    <message>
        <source>Change the file name?</source>
        <translation>Dateinamen ändern?</translation>
    </message>
    <message>
        <source>%1 does not end in %2, the extension of the %3 format, so other programs may not open it.

Save it as %4 instead?</source>
        <translation>%1 endet nicht auf %2, die Endung des Formats %3; andere Programme öffnen die Datei daher womöglich nicht.

Stattdessen als %4 speichern?</translation>
    </message>
    <message>
        <source>Replace the folder?</source>
        <translation>Ordner ersetzen?</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists in %2.
Replace it with this export?</source>
        <translation>%1 gibt es bereits in %2.
Durch diesen Export ersetzen?</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation>Ein unerwarteter Fehler hat die Arbeit beendet; siehe Fehlerbericht.</translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation>Export abbrechen?</translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and close?
No file will be written and an existing file is left as it was.</source>
        <translation>Ein Export läuft noch. Abbrechen und schließen?
Es wird keine Datei geschrieben, eine vorhandene bleibt unverändert.</translation>
    </message>
</context>
<context>
    <name>ExportForm</name>
    <message>
        <source>Comma (,)</source>
        <translation>Komma (,)</translation>
    </message>
    <message>
        <source>Semicolon (;): Excel in German, French and other comma-decimal locales</source>
        <translation>Semikolon (;): Excel auf Deutsch, Französisch und in anderen Sprachen mit Dezimalkomma</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulator</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>A period is resolved when the export runs, in the export&apos;s time zone: a preset or a copied command of Last month means the month before the day it runs.</source>
        <translation>Ein Zeitraum wird beim Ausführen des Exports in dessen Zeitzone bestimmt: Eine Vorlage oder ein kopierter Befehl mit „Letzter Monat“ meint den Monat vor dem Tag der Ausführung.</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>The first day of the export, included, in its time zone</source>
        <translation>Der erste Tag des Exports, eingeschlossen, in seiner Zeitzone</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>The last day of the export, included, in its time zone</source>
        <translation>Der letzte Tag des Exports, eingeschlossen, in seiner Zeitzone</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>(both inclusive)</source>
        <translation>(beide eingeschlossen)</translation>
    </message>
    <message>
        <source>All events: one row per event. The other scopes: one row per period and tenant, model, or tenant and model, with exact sums.</source>
        <translation>Alle Ereignisse: eine Zeile pro Ereignis. Die anderen Umfänge: eine Zeile pro Zeitraum und Mandant, Modell oder Mandant und Modell, mit exakten Summen.</translation>
    </message>
    <message>
        <source>The period of each grouped row: a day, a calendar month in the export&apos;s time zone (a month cut by the dates holds only its days in range), or the whole range.</source>
        <translation>Der Zeitraum jeder gruppierten Zeile: ein Tag, ein Kalendermonat in der Zeitzone des Exports (ein angeschnittener Monat enthält nur seine Tage im Bereich) oder der ganze Zeitraum.</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Modelle:</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>Was exportiert wird</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>&amp;Dates:</source>
        <translation>Zeit&amp;raum:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Umfang:</translation>
    </message>
    <message>
        <source>&amp;Tenants:</source>
        <translation>Man&amp;danten:</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>Start with a &amp;byte-order mark (Excel on Windows)</source>
        <translation>Mit &amp;Byte-Order-Mark beginnen (Excel unter Windows)</translation>
    </message>
    <message>
        <source>Excel on Windows reads a CSV as UTF-8 only with this mark; other programs do not need it.</source>
        <translation>Excel unter Windows liest eine CSV-Datei nur mit dieser Markierung als UTF-8; andere Programme brauchen sie nicht.</translation>
    </message>
    <message>
        <source>Formula &amp;guard: prefix text starting with = + - @ with &apos; so Excel never runs it</source>
        <translation>Formel&amp;schutz: Text, der mit = + - @ beginnt, mit &apos; einleiten, damit Excel ihn nie ausführt</translation>
    </message>
    <message>
        <source>A tenant or model name starting with = + - @ would run as a formula in Excel; the guard writes it with a leading &apos; (the data stays readable).</source>
        <translation>Ein Mandanten- oder Modellname, der mit = + - @ beginnt, würde in Excel als Formel ausgeführt; der Schutz schreibt ihn mit vorangestelltem &apos; (die Daten bleiben lesbar).</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>Trennzeichen</translation>
    </message>
    <message>
        <source>The character between fields. A field holding it is quoted.</source>
        <translation>Das Zeichen zwischen den Feldern. Ein Feld, das es enthält, wird in Anführungszeichen gesetzt.</translation>
    </message>
    <message>
        <source>Your language writes numbers with a decimal comma, so a new export starts with the semicolon, which Excel then expects. The command line&apos;s default stays the comma.</source>
        <translation>Ihre Sprache schreibt Zahlen mit Dezimalkomma, daher beginnt ein neuer Export mit dem Semikolon, das Excel dann erwartet. Die Befehlszeile verwendet weiterhin das Komma.</translation>
    </message>
    <message>
        <source>Delim&amp;iter:</source>
        <translation>&amp;Trennzeichen:</translation>
    </message>
    <message>
        <source>CSV options</source>
        <translation>CSV-Optionen</translation>
    </message>
    <message>
        <source>Choose where to save the file…</source>
        <translation>Speicherort für die Datei wählen…</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>The file to write (for statements: the folder to create). An existing one is replaced only after you confirm, and only when the export has succeeded.</source>
        <translation>Die zu schreibende Datei (bei Abrechnungen: der anzulegende Ordner). Eine vorhandene wird nur nach Ihrer Bestätigung ersetzt, und nur, wenn der Export gelungen ist.</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Choose the file, or for statements the folder, in a dialog</source>
        <translation>Datei (bei Abrechnungen den Ordner) in einem Dialog wählen</translation>
    </message>
    <message>
        <source>One file per tenant (statements), &amp;written into a folder</source>
        <translation>Eine Datei pro Mandant (Abrechnungen), in einen Ordner ge&amp;schrieben</translation>
    </message>
    <message>
        <source>Each tenant&apos;s rows go to their own file, named after the tenant, all from one snapshot: the files add up to the whole. The folder appears whole or not at all.</source>
        <translation>Die Zeilen jedes Mandanten kommen in eine eigene, nach ihm benannte Datei, alle aus einem Snapshot: Die Dateien ergeben zusammen das Ganze. Der Ordner entsteht ganz oder gar nicht.</translation>
    </message>
    <message>
        <source>Write a ma&amp;nifest beside it (size, SHA-256, rows and totals, for verify)</source>
        <translation>Ein Ma&amp;nifest daneben schreiben (Größe, SHA-256, Zeilen und Summen, für verify)</translation>
    </message>
    <message>
        <source>FILE.manifest.json lets `billing-desktop verify` prove later that the file is unchanged and whether the database still agrees.</source>
        <translation>Mit DATEI.manifest.json kann `billing-desktop verify` später belegen, dass die Datei unverändert ist und ob die Datenbank noch übereinstimmt.</translation>
    </message>
    <message>
        <source>Sa&amp;ve to</source>
        <translation>Speichern &amp;unter</translation>
    </message>
</context>
<context>
    <name>ExportProgressPanel</name>
    <message>
        <source>&amp;Cancel export</source>
        <translation>Export &amp;abbrechen</translation>
    </message>
    <message>
        <source>Stop the export; the target file is left untouched</source>
        <translation>Export anhalten; die Zieldatei bleibt unberührt</translation>
    </message>
    <message>
        <source>Preparing the export (reading totals)…</source>
        <translation>Export wird vorbereitet (Summen werden gelesen)…</translation>
    </message>
    <message>
        <source>Connected; reading totals…</source>
        <translation>Verbunden; Summen werden gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s  ·  about %3 left</source>
        <translation>
            <numerusform>%1 von %Ln Zeile  ·  %2 Zeilen/s  ·  noch etwa %3</numerusform>
            <numerusform>%1 von %Ln Zeilen  ·  %2 Zeilen/s  ·  noch etwa %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s</source>
        <translation>
            <numerusform>%1 von %Ln Zeile  ·  %2 Zeilen/s</numerusform>
            <numerusform>%1 von %Ln Zeilen  ·  %2 Zeilen/s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)</source>
        <translation>
            <numerusform>%1 von %Ln Zeile</numerusform>
            <numerusform>%1 von %Ln Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>started again (see tooltip)</source>
        <translation>neu gestartet (siehe Tooltip)</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>ExportSummaryPanel</name>
    <message>
        <source>Open &amp;file</source>
        <translation>Datei ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the file with its usual program</source>
        <translation>Datei mit dem üblichen Programm öffnen</translation>
    </message>
    <message>
        <source>S&amp;how in folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Show the file in the file manager</source>
        <translation>Datei im Dateimanager zeigen</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) (%1) in %2.</source>
        <translation>
            <numerusform>%Ln Zeile exportiert (%1) in %2.</numerusform>
            <numerusform>%Ln Zeilen exportiert (%1) in %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file&apos;s totals differ from the dashboard&apos;s (%1). The data may have changed since the dashboard was refreshed: refresh it and compare again.</source>
        <translation>Die Summen der Datei weichen vom Dashboard ab (%1). Die Daten haben sich womöglich seit der letzten Aktualisierung geändert: Aktualisieren Sie das Dashboard und vergleichen Sie erneut.</translation>
    </message>
    <message>
        <source>✓ The file&apos;s totals match the dashboard&apos;s.</source>
        <translation>✓ Die Summen der Datei stimmen mit dem Dashboard überein.</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>In der Datei</translation>
    </message>
    <message>
        <source>On the dashboard</source>
        <translation>Im Dashboard</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Rows (events)</source>
        <translation>Zeilen (Ereignisse)</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Gesamtkosten</translation>
    </message>
    <message>
        <source>total cost</source>
        <translation>Gesamtkosten</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 Ereignisse</translation>
    </message>
</context>
<context>
    <name>FailedRunsBanner</name>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Erneut ausführen</translation>
    </message>
    <message>
        <source>Run the schedules that failed again, now</source>
        <translation>Die fehlgeschlagenen Zeitpläne jetzt erneut ausführen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Scheduled exports failed</source>
        <translation>Geplante Exporte fehlgeschlagen</translation>
    </message>
    <message>
        <source>Running &apos;{name}&apos; again…</source>
        <translation>&apos;{name}&apos; wird erneut ausgeführt…</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ran again and succeeded.</source>
        <translation>&apos;{name}&apos; wurde erneut ausgeführt und war erfolgreich.</translation>
    </message>
    <message>
        <source>exit status {code}</source>
        <translation>Exit-Status {code}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; failed again: {reason}</source>
        <translation>&apos;{name}&apos; ist erneut fehlgeschlagen: {reason}</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>%1 K</source>
        <translation>%1 Tsd.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1&#xa0;min %2&#xa0;s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1&#xa0;h %2&#xa0;min</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Day boundaries and dates follow this time zone</source>
        <translation>Tagesgrenzen und Daten folgen dieser Zeitzone</translation>
    </message>
    <message>
        <source>Choose a time zone: the dashboard and exports count days in it.</source>
        <translation>Wählen Sie eine Zeitzone: Dashboard und Exporte zählen Tage in ihr.</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos;: pick one from the list, for example Europe/Berlin.</source>
        <translation>Unbekannte Zeitzone „%1“: Wählen Sie eine aus der Liste, zum Beispiel Europe/Berlin.</translation>
    </message>
    <message>
        <source>First day (inclusive)</source>
        <translation>Erster Tag (eingeschlossen)</translation>
    </message>
    <message>
        <source>Last day (inclusive)</source>
        <translation>Letzter Tag (eingeschlossen)</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>Quick date ranges</source>
        <translation>Schnellauswahl Zeitraum</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reload the figures from the database (F5)</source>
        <translation>Zahlen neu aus der Datenbank laden (F5)</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;bis</translation>
    </message>
    <message>
        <source>Time &amp;zone</source>
        <translation>&amp;Zeitzone</translation>
    </message>
</context>
<context>
    <name>GroupTableModel</name>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Tokens
in</source>
        <translation>Tokens
ein</translation>
    </message>
    <message>
        <source>Tokens
out</source>
        <translation>Tokens
aus</translation>
    </message>
    <message>
        <source>Cost
(USD)</source>
        <translation>Kosten
(USD)</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Schl&amp;ießen</translation>
    </message>
    <message>
        <source>Close the help (Esc)</source>
        <translation>Hilfe schließen (Esc)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>File / message</source>
        <translation>Datei / Meldung</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>One file per tenant</source>
        <translation>Eine Datei pro Mandant</translation>
    </message>
    <message>
        <source>Recent exports</source>
        <translation>Letzte Exporte</translation>
    </message>
    <message>
        <source>Every export from the window and the command line, newest first</source>
        <translation>Alle Exporte aus dem Fenster und der Befehlszeile, neueste zuerst</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Prüfbericht</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Re-run cancelled; the file is as it was.</source>
        <translation>Wiederholung abgebrochen; die Datei ist unverändert.</translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Export again with the same parameters on today&apos;s data, to the same file. A period such as Last month is resolved again today.</source>
        <translation>Mit denselben Parametern auf den heutigen Daten erneut in dieselbe Datei exportieren. Ein Zeitraum wie „Letzter Monat“ wird heute neu bestimmt.</translation>
    </message>
    <message>
        <source>&amp;Open file</source>
        <translation>Datei ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the file with its usual application</source>
        <translation>Datei mit der üblichen Anwendung öffnen</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Show the file or folder in the file manager</source>
        <translation>Datei oder Ordner im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>Re-read the file, check it against its manifest (size, SHA-256, rows, totals) and recompute its totals in the database: did anything change since?</source>
        <translation>Datei neu lesen, mit ihrem Manifest abgleichen (Größe, SHA-256, Zeilen, Summen) und ihre Summen in der Datenbank neu berechnen: Hat sich seitdem etwas geändert?</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Schl&amp;ießen</translation>
    </message>
    <message>
        <source>Close (Esc); asks first while a re-run is running</source>
        <translation>Schließen (Esc); fragt zuerst, während eine Wiederholung läuft</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <source>No exports yet. Every export, from here or the command line, will be listed here.</source>
        <translation>Noch keine Exporte. Jeder Export, von hier oder aus der Befehlszeile, wird hier aufgeführt.</translation>
    </message>
    <message>
        <source>(standard output)</source>
        <translation>(Standardausgabe)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>This export cannot be run again: %1.</source>
        <translation>Dieser Export kann nicht wiederholt werden: %1.</translation>
    </message>
    <message>
        <source>Another database</source>
        <translation>Andere Datenbank</translation>
    </message>
    <message>
        <source>This export read %1.
The window is connected to %2.

Re-run it on %2?</source>
        <translation>Dieser Export las %1.
Das Fenster ist mit %2 verbunden.

Auf %2 wiederholen?</translation>
    </message>
    <message>
        <source>Re-run the export?</source>
        <translation>Export wiederholen?</translation>
    </message>
    <message>
        <source>%1 will be written again from today&apos;s data (%2 to %3), replacing the one in %4.</source>
        <translation>%1 wird aus den heutigen Daten neu geschrieben (%2 bis %3) und ersetzt die Datei in %4.</translation>
    </message>
    <message numerus="yes">
        <source>Written again: %Ln row(s), total cost %1.</source>
        <translation>
            <numerusform>Neu geschrieben: %Ln Zeile, Gesamtkosten %1.</numerusform>
            <numerusform>Neu geschrieben: %Ln Zeilen, Gesamtkosten %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Not verified: %1.</source>
        <translation>Nicht geprüft: %1.</translation>
    </message>
    <message>
        <source>database: not compared (this window is connected to another one)</source>
        <translation>Datenbank: nicht verglichen (dieses Fenster ist mit einer anderen verbunden)</translation>
    </message>
    <message>
        <source>Period: {period}</source>
        <translation>Zeitraum: {period}</translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation>Ein unerwarteter Fehler hat die Arbeit beendet; siehe Fehlerbericht.</translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation>Export abbrechen?</translation>
    </message>
    <message>
        <source>The re-run is still running. Cancel it and close?</source>
        <translation>Die Wiederholung läuft noch. Abbrechen und schließen?</translation>
    </message>
</context>
<context>
    <name>Issuer</name>
    <message>
        <source>Your company&apos;s name</source>
        <translation>Name Ihres Unternehmens</translation>
    </message>
    <message>
        <source>The statements are issued by (your company&apos;s name, in their header):</source>
        <translation>Die Abrechnungen stellt aus (der Name Ihres Unternehmens, in ihrem Kopf):</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Export the events of this filter to CSV or JSON (Ctrl+E)</source>
        <translation>Die Ereignisse dieses Filters exportieren (Strg+E)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>Verbindungseinstellungen…</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Cost by tenant</source>
        <translation>Kosten nach Mandant</translation>
    </message>
    <message>
        <source>Cost by model</source>
        <translation>Kosten nach Modell</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>Noch nicht geladen</translation>
    </message>
    <message>
        <source>Click a column&apos;s title to sort by it</source>
        <translation>Zum Sortieren auf einen Spaltentitel klicken</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Connection settings…</source>
        <translation>&amp;Verbindungseinstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Recent exports…</source>
        <translation>&amp;Letzte Exporte…</translation>
    </message>
    <message>
        <source>&amp;Scheduled exports…</source>
        <translation>&amp;Geplante Exporte…</translation>
    </message>
    <message>
        <source>Connection &amp;profile</source>
        <translation>Verbindungs&amp;profil</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation>&amp;Sprache…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Troubleshooting</source>
        <translation>&amp;Fehlerbehebung</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;Über %1</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Keine Datenbank</translation>
    </message>
    <message>
        <source>Daily cost — no database</source>
        <translation>Tägliche Kosten — keine Datenbank</translation>
    </message>
    <message>
        <source>Profile: %1 — %2</source>
        <translation>Profil: %1 — %2</translation>
    </message>
    <message>
        <source>Demo database: %1</source>
        <translation>Demo-Datenbank: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Daily cost — not loaded from this database yet</source>
        <translation>Tägliche Kosten — aus dieser Datenbank noch nicht geladen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Updated %1 (%2 s)</source>
        <translation>Aktualisiert %1 (%2&#xa0;s)</translation>
    </message>
    <message>
        <source>Could not load</source>
        <translation>Laden fehlgeschlagen</translation>
    </message>
    <message>
        <source>Password needed</source>
        <translation>Passwort erforderlich</translation>
    </message>
    <message>
        <source>%1 Enter it, or set it under File → Connection settings….</source>
        <translation>%1 Geben Sie es ein oder legen Sie es unter Datei → Verbindungseinstellungen… fest.</translation>
    </message>
    <message>
        <source>Password for %1 on %2:</source>
        <translation>Passwort für %1 auf %2:</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Passwort für %1:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>No database is connected. Choose one under File → Connection settings… first.</source>
        <translation>Keine Datenbank verbunden. Wählen Sie zuerst eine unter Datei → Verbindungseinstellungen….</translation>
    </message>
    <message>
        <source>Demo database</source>
        <translation>Demodatenbank</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Demodaten</translation>
    </message>
    <message>
        <source>Billing Desktop shows demo data until it is connected to your billing database. Connect to your database now?</source>
        <translation>Billing Desktop zeigt Demodaten, bis es mit Ihrer Abrechnungsdatenbank verbunden ist. Jetzt mit Ihrer Datenbank verbinden?</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>Über %1</translation>
    </message>
    <message>
        <source>%1 %2

LLM usage and cost per tenant, model and day, and exports you can trust to the cent.

Settings: %3
Logs: %4</source>
        <translation>%1 %2

LLM-Nutzung und -Kosten pro Mandant, Modell und Tag, und Exporte, denen Sie auf den Cent vertrauen können.

Einstellungen: %3
Protokolle: %4</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The window&apos;s language. It changes when Billing Desktop next starts.</source>
        <translation>Die Sprache des Fensters. Sie wechselt beim nächsten Start von Billing Desktop.</translation>
    </message>
    <message>
        <source>Export running</source>
        <translation>Export läuft</translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and quit? The target file stays untouched.</source>
        <translation>Ein Export läuft noch. Abbrechen und beenden? Die Zieldatei bleibt unberührt.</translation>
    </message>
</context>
<context>
    <name>MultiSelect</name>
    <message>
        <source>Search tenants…</source>
        <translation>Mandanten suchen…</translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation>Alle Mandanten</translation>
    </message>
    <message>
        <source>Clear the choice: show all tenants</source>
        <translation>Auswahl aufheben: alle Mandanten zeigen</translation>
    </message>
    <message>
        <source>Showing all tenants</source>
        <translation>Alle Mandanten werden gezeigt</translation>
    </message>
    <message>
        <source>Search models…</source>
        <translation>Modelle suchen…</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Clear the choice: show all models</source>
        <translation>Auswahl aufheben: alle Modelle zeigen</translation>
    </message>
    <message>
        <source>Showing all models</source>
        <translation>Alle Modelle werden gezeigt</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tenant(s)</source>
        <translation>
            <numerusform>%Ln Mandant</numerusform>
            <numerusform>%Ln Mandanten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s)</source>
        <translation>
            <numerusform>%Ln Modell</numerusform>
            <numerusform>%Ln Modelle</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <source>Saved export options. A preset with a period (such as Last month) stays relative; the same presets run on the command line: billing-desktop export --preset NAME.</source>
        <translation>Gespeicherte Exportoptionen. Eine Vorlage mit Zeitraum (etwa „Letzter Monat“) bleibt relativ; dieselben Vorlagen laufen in der Befehlszeile: billing-desktop export --preset NAME.</translation>
    </message>
    <message>
        <source>S&amp;ave as preset…</source>
        <translation>Als &amp;Vorlage speichern…</translation>
    </message>
    <message>
        <source>Save the choices below under a name, for here and for the command line&apos;s --preset.</source>
        <translation>Die Auswahl unten unter einem Namen speichern, für hier und für --preset der Befehlszeile.</translation>
    </message>
    <message>
        <source>Ma&amp;ke a schedule…</source>
        <translation>Zeitplan &amp;anlegen…</translation>
    </message>
    <message>
        <source>Run these export options on a schedule (saved as a preset first).</source>
        <translation>Diese Exportoptionen nach Zeitplan ausführen (zuerst als Vorlage gespeichert).</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>V&amp;orlage:</translation>
    </message>
    <message>
        <source>No preset</source>
        <translation>Keine Vorlage</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>Vorlage speichern</translation>
    </message>
    <message>
        <source>These choices cannot be saved: %1.</source>
        <translation>Diese Auswahl kann nicht gespeichert werden: %1.</translation>
    </message>
    <message>
        <source>Save these export options as:</source>
        <translation>Diese Exportoptionen speichern als:</translation>
    </message>
    <message>
        <source>Replace preset?</source>
        <translation>Vorlage ersetzen?</translation>
    </message>
    <message>
        <source>A preset named &apos;%1&apos; exists. Replace it?</source>
        <translation>Eine Vorlage „%1“ gibt es schon. Ersetzen?</translation>
    </message>
    <message>
        <source>The preset was not saved: %1</source>
        <translation>Die Vorlage wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>The schedule &apos;{name}&apos; is set: {when}.</source>
        <translation>Der Zeitplan &apos;{name}&apos; ist eingerichtet: {when}.</translation>
    </message>
</context>
<context>
    <name>ProfileBar</name>
    <message>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <source>The saved connection to edit and use</source>
        <translation>Die gespeicherte Verbindung zum Bearbeiten und Verwenden</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Save a new connection under a name</source>
        <translation>Eine neue Verbindung unter einem Namen speichern</translation>
    </message>
    <message>
        <source>R&amp;ename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>Give this connection another name</source>
        <translation>Dieser Verbindung einen anderen Namen geben</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <source>Forget this connection and its password</source>
        <translation>Diese Verbindung und ihr Passwort vergessen</translation>
    </message>
    <message>
        <source>The connection profile&apos;s name:</source>
        <translation>Name des Verbindungsprofils:</translation>
    </message>
    <message>
        <source>A profile named &apos;{name}&apos; exists already.</source>
        <translation>Ein Profil namens &apos;{name}&apos; gibt es schon.</translation>
    </message>
    <message>
        <source>Add connection profile</source>
        <translation>Verbindungsprofil hinzufügen</translation>
    </message>
    <message>
        <source>Rename connection profile</source>
        <translation>Verbindungsprofil umbenennen</translation>
    </message>
    <message>
        <source>Remove connection profile</source>
        <translation>Verbindungsprofil entfernen</translation>
    </message>
    <message>
        <source>Forget the connection &apos;{name}&apos; and its password?</source>
        <translation>Die Verbindung &apos;{name}&apos; und ihr Passwort vergessen?</translation>
    </message>
</context>
<context>
    <name>SheetTable</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Export these rows…</source>
        <translation>Diese Zeilen &amp;exportieren…</translation>
    </message>
</context>
<context>
    <name>SummaryCards</name>
    <message>
        <source>Total cost</source>
        <translation>Gesamtkosten</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Active tenants</source>
        <translation>Aktive Mandanten</translation>
    </message>
    <message>
        <source>≈ %1 per day</source>
        <translation>≈ %1 pro Tag</translation>
    </message>
    <message>
        <source>tokens sent to models</source>
        <translation>an Modelle gesendete Tokens</translation>
    </message>
    <message>
        <source>tokens generated</source>
        <translation>erzeugte Tokens</translation>
    </message>
    <message numerus="yes">
        <source>over %Ln day(s)</source>
        <translation>
            <numerusform>über %Ln Tag</numerusform>
            <numerusform>über %Ln Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s) used</source>
        <translation>
            <numerusform>%Ln Modell genutzt</numerusform>
            <numerusform>%Ln Modelle genutzt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotalsModel</name>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
</context>
<context>
    <name>TotalsRow</name>
    <message>
        <source>Totals</source>
        <translation>Summen</translation>
    </message>
    <message>
        <source>The totals of every row of the table above</source>
        <translation>Die Summen aller Zeilen der Tabelle darüber</translation>
    </message>
</context>
<context>
    <name>msgbox</name>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>No file manager can show %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation>Kein Dateimanager auf diesem Computer kann %1 zeigen.

Den vollständigen Pfad in die Zwischenablage kopieren, um die Datei in einem anderen Programm zu öffnen?</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>No program is set up to open %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation>Kein Programm auf diesem Computer ist zum Öffnen von %1 eingerichtet.

Den vollständigen Pfad in die Zwischenablage kopieren, um die Datei in einem anderen Programm zu öffnen?</translation>
    </message>
</context>
</TS>
