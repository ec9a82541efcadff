<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Database connection</source>
        <translation>Connexion à la base de données</translation>
    </message>
    <message>
        <source>E&amp;mbedded demo database</source>
        <translation>Base de démonstration &amp;intégrée</translation>
    </message>
    <message>
        <source>A demo database on this computer, filled with realistic events: nothing to set up.</source>
        <translation>Une base de démonstration sur cet ordinateur, remplie d’événements réalistes&#xa0;: rien à configurer.</translation>
    </message>
    <message>
        <source>&amp;PostgreSQL server</source>
        <translation>Serveur &amp;PostgreSQL</translation>
    </message>
    <message>
        <source>The platform&apos;s billing database (read-only access is enough).</source>
        <translation>La base de facturation de la plateforme (un accès en lecture suffit).</translation>
    </message>
    <message>
        <source>Realistic demo data, kept on this computer in
%1</source>
        <translation>Données de démonstration réalistes, conservées sur cet ordinateur dans
%1</translation>
    </message>
    <message>
        <source>e.g. db.example.com (empty: local socket)</source>
        <translation>p. ex. db.example.com (vide&#xa0;: socket local)</translation>
    </message>
    <message>
        <source>The server&apos;s name or address, or several: host1,host2</source>
        <translation>Nom ou adresse du serveur, ou plusieurs&#xa0;: hote1,hote2</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The server&apos;s TCP port; PostgreSQL&apos;s default is 5432</source>
        <translation>Port TCP du serveur&#xa0;; par défaut 5432 pour PostgreSQL</translation>
    </message>
    <message>
        <source>required: the database&apos;s name</source>
        <translation>obligatoire&#xa0;: nom de la base</translation>
    </message>
    <message>
        <source>The name of the billing database on the server</source>
        <translation>Nom de la base de facturation sur le serveur</translation>
    </message>
    <message>
        <source>empty: your login name</source>
        <translation>vide&#xa0;: votre nom de connexion</translation>
    </message>
    <message>
        <source>The database role to connect as</source>
        <translation>Le rôle de base de données utilisé pour la connexion</translation>
    </message>
    <message>
        <source>empty: PGPASSWORD or ~/.pgpass</source>
        <translation>vide&#xa0;: PGPASSWORD ou ~/.pgpass</translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a settings file</source>
        <translation>Conservé dans le trousseau du système, jamais dans un fichier de réglages</translation>
    </message>
    <message>
        <source>Sh&amp;ow</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <source>Show the password as typed</source>
        <translation>Afficher le mot de passe en clair</translation>
    </message>
    <message>
        <source>SSL mode</source>
        <translation>Mode SSL</translation>
    </message>
    <message>
        <source>Encryption: prefer uses TLS when the server offers it; verify-full also checks the server&apos;s certificate and name</source>
        <translation>Chiffrement&#xa0;: prefer utilise TLS si le serveur le propose&#xa0;; verify-full vérifie aussi le certificat et le nom du serveur</translation>
    </message>
    <message>
        <source>the server&apos;s CA file, or: system</source>
        <translation>le fichier CA du serveur, ou : system</translation>
    </message>
    <message>
        <source>a client certificate file (optional)</source>
        <translation>un fichier de certificat client (facultatif)</translation>
    </message>
    <message>
        <source>its private key file (optional)</source>
        <translation>le fichier de sa clé privée (facultatif)</translation>
    </message>
    <message>
        <source>Your company&apos;s name, in the header of every statement</source>
        <translation>Le nom de votre entreprise, en tête de chaque relevé</translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt&#xa0;:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation>Mode &amp;SSL&#xa0;:</translation>
    </message>
    <message>
        <source>Server CA f&amp;ile:</source>
        <translation>Fich&amp;ier CA du serveur :</translation>
    </message>
    <message>
        <source>C&amp;lient certificate:</source>
        <translation>Certificat c&amp;lient :</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Clé &amp;client :</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>Pro&amp;fil :</translation>
    </message>
    <message>
        <source>The password is kept in the system keyring, never in the settings file. Leave it empty to use PGPASSWORD or ~/.pgpass.</source>
        <translation>Le mot de passe est conservé dans le trousseau du système, jamais dans le fichier de réglages. Laissez-le vide pour utiliser PGPASSWORD ou ~/.pgpass.</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password is kept for this session only: Billing Desktop will ask for it again next time. (It is never written to the settings file.)</source>
        <translation>Aucun trousseau n’est disponible sur cet ordinateur&#xa0;: le mot de passe n’est gardé que pour cette session et Billing Desktop le redemandera la prochaine fois. (Il n’est jamais écrit dans le fichier de réglages.)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>Connect once with these settings and say what happened</source>
        <translation>Se connecter une fois avec ces réglages et dire ce qui s’est passé</translation>
    </message>
    <message>
        <source>Co&amp;nnect</source>
        <translation>Se co&amp;nnecter</translation>
    </message>
    <message>
        <source>Use this database and save the settings</source>
        <translation>Utiliser cette base et enregistrer les réglages</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnuler</translation>
    </message>
    <message>
        <source>Keep the database in use now</source>
        <translation>Garder la base utilisée actuellement</translation>
    </message>
    <message>
        <source>Statements issued &amp;by:</source>
        <translation>Relevés émis &amp;par :</translation>
    </message>
    <message>
        <source>Enter the name of the database.</source>
        <translation>Saisissez le nom de la base de données.</translation>
    </message>
    <message>
        <source>The demo database will be created when you connect.</source>
        <translation>La base de démonstration sera créée à la connexion.</translation>
    </message>
    <message>
        <source>Connected: %1.</source>
        <translation>Connecté&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Unexpected error while testing; see the error report.</source>
        <translation>Erreur inattendue pendant le test&#xa0;; voir le rapport d’erreur.</translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>No answer from the server within %1 s; check the host, port and any firewall.</source>
        <translation>Aucune réponse du serveur en %1 s&#xa0;; vérifiez l’hôte, le port et le pare-feu.</translation>
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
        <translation>d MMM yyyy</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>date format</comment>
        <translation>d MMM</translation>
    </message>
    <message>
        <source>Daily cost (%1)</source>
        <translation>Coût quotidien (%1)</translation>
    </message>
    <message>
        <source>Daily cost — nothing loaded yet</source>
        <translation>Coût quotidien — rien de chargé</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2
%3  ·  %Ln event(s)</source>
        <translation>
            <numerusform>%1 %2
%3  ·  %Ln événement</numerusform>
            <numerusform>%1 %2
%3  ·  %Ln événements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong inside Billing Desktop.&lt;/b&gt;&lt;br&gt;This is a bug, not something you did. The app keeps running; if something looks wrong, restart it. Please send the details below to the maintainers.</source>
        <translation>&lt;b&gt;Une erreur s’est produite dans Billing Desktop.&lt;/b&gt;&lt;br&gt;C’est un bogue, pas une erreur de votre part. L’application continue de fonctionner&#xa0;; si quelque chose semble faux, redémarrez-la. Merci d’envoyer les détails ci-dessous aux responsables.</translation>
    </message>
    <message>
        <source>(no log file could be written)</source>
        <translation>(aucun journal n’a pu être écrit)</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Journal&#xa0;: %1</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copier les détails</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
</context>
<context>
    <name>DashboardWorker</name>
    <message>
        <source>The dashboard could not be loaded because of an internal error; details are in the log file.</source>
        <translation>Le tableau de bord n’a pas pu être chargé à cause d’une erreur interne&#xa0;; les détails sont dans le journal.</translation>
    </message>
    <message>
        <source>Creating the demo database (first start)…</source>
        <translation>Création de la base de démonstration (premier démarrage)…</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>You are looking at demo data, not your own figures.</source>
        <translation>Vous voyez des données de démonstration, pas vos propres chiffres.</translation>
    </message>
    <message>
        <source>Made-up tenants and models in a database on this computer. Connect to your billing database to see your own figures.</source>
        <translation>Des clients et des modèles inventés, dans une base de données sur cet ordinateur. Connectez votre base de facturation pour voir vos propres chiffres.</translation>
    </message>
    <message>
        <source>&amp;Connect to your database…</source>
        <translation>&amp;Connecter votre base de données…</translation>
    </message>
    <message>
        <source>Open Connection settings and choose your PostgreSQL billing database</source>
        <translation>Ouvrir les paramètres de connexion et choisir votre base de facturation PostgreSQL</translation>
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
        <translation>Classeur E&amp;xcel</translation>
    </message>
    <message>
        <source>PDF doc&amp;ument</source>
        <translation>Doc&amp;ument PDF</translation>
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
        <translation>Classeur Excel</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>FOCUS 1.2 (FinOps)</source>
        <translation>FOCUS 1.2 (FinOps)</translation>
    </message>
    <message>
        <source>Comma-separated text: one line per row, for Excel, databases and scripts.</source>
        <translation>Texte séparé par des virgules&#xa0;: une ligne par enregistrement, pour Excel, les bases de données et les scripts.</translation>
    </message>
    <message>
        <source>One JSON document: the rows with the parameters and totals in its metadata.</source>
        <translation>Un document JSON&#xa0;: les lignes, avec les paramètres et les totaux dans ses métadonnées.</translation>
    </message>
    <message>
        <source>One JSON object per line: for pandas, DuckDB and warehouse loaders.</source>
        <translation>Un objet JSON par ligne&#xa0;: pour pandas, DuckDB et les chargeurs d’entrepôt de données.</translation>
    </message>
    <message>
        <source>An Excel workbook: dates, numbers and a dollar column as typed cells, with a Summary sheet of the parameters and totals.</source>
        <translation>Un classeur Excel&#xa0;: dates, nombres et une colonne en dollars en cellules typées, avec une feuille «&#xa0;Summary&#xa0;» des paramètres et totaux.</translation>
    </message>
    <message>
        <source>A document to read and send: each tenant&apos;s statement with a split, else a usage report with the totals, every tenant and model, and the daily cost chart.</source>
        <translation>Un document à lire et à envoyer : avec une répartition, le relevé de chaque client, sinon un rapport d&apos;utilisation avec les totaux, chaque client et modèle, et le graphique du coût quotidien.</translation>
    </message>
    <message>
        <source>FinOps Open Cost and Usage Specification 1.2: cost and usage rows per day or month, tenant and model, for FinOps tools.</source>
        <translation>FinOps Open Cost and Usage Specification 1.2&#xa0;: lignes de coût et d’usage par jour ou par mois, client et modèle, pour les outils FinOps.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>Fichiers JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <source>FOCUS CSV (*.csv)</source>
        <translation>CSV FOCUS (*.csv)</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Tous les événements</translation>
    </message>
    <message>
        <source>By tenant</source>
        <translation>Par client</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>Par modèle</translation>
    </message>
    <message>
        <source>By tenant and model</source>
        <translation>Par client et modèle</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Par mois</translation>
    </message>
    <message>
        <source>Whole range</source>
        <translation>Toute la période</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Semaine dernière</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Mois dernier</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>Ce trimestre</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>Trimestre dernier</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Cette année</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Année dernière</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Depuis le début de l’année</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export billing data</source>
        <translation>Exporter les données de facturation</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <source>Write the file (Enter)</source>
        <translation>Écrire le fichier (Entrée)</translation>
    </message>
    <message>
        <source>Cl&amp;ose</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Close the dialog (Esc); asks first while an export runs</source>
        <translation>Fermer la fenêtre (Échap)&#xa0;; demande d’abord si un export est en cours</translation>
    </message>
    <message>
        <source>Cop&amp;y command line</source>
        <translation>Copier la ligne de comman&amp;de</translation>
    </message>
    <message>
        <source>Put the billing-desktop export command that writes this same file on the clipboard, for a script, cron or Task Scheduler. It never holds a password.</source>
        <translation>Copie dans le presse-papiers la commande billing-desktop export qui écrit ce même fichier, pour un script, cron ou le Planificateur de tâches. Elle ne contient jamais de mot de passe.</translation>
    </message>
    <message>
        <source>Counting rows…</source>
        <translation>Comptage des lignes…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) written (total cost %1).</source>
        <translation>
            <numerusform>%Ln ligne écrite (coût total %1).</numerusform>
            <numerusform>%Ln lignes écrites (coût total %1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) will be written (total cost %1).</source>
        <translation>
            <numerusform>%Ln ligne sera écrite (coût total %1).</numerusform>
            <numerusform>%Ln lignes seront écrites (coût total %1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not count the rows.</source>
        <translation>Impossible de compter les lignes.</translation>
    </message>
    <message>
        <source>Choose where to save the file first</source>
        <translation>Choisissez d’abord où enregistrer le fichier</translation>
    </message>
    <message>
        <source>No command line: %1.</source>
        <translation>Pas de ligne de commande&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Copied the command line to the clipboard. It reads the password where this window does (the keyring, PGPASSWORD or ~/.pgpass); add --force to replace the file.</source>
        <translation>Ligne de commande copiée dans le presse-papiers. Elle lit le mot de passe au même endroit que cette fenêtre (trousseau, PGPASSWORD ou ~/.pgpass)&#xa0;; ajoutez --force pour remplacer le fichier.</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exporter vers</translation>
    </message>
    <message>
        <source>Create the statements folder in</source>
        <translation>Créer le dossier des relevés dans</translation>
    </message>
    <message>
        <source>Change the file name?</source>
        <translation>Changer le nom du fichier&#xa0;?</translation>
    </message>
    <message>
        <source>%1 does not end in %2, the extension of the %3 format, so other programs may not open it.

Save it as %4 instead?</source>
        <translation>%1 ne se termine pas par %2, l’extension du format %3&#xa0;: d’autres programmes pourraient ne pas l’ouvrir.

L’enregistrer plutôt sous %4&#xa0;?</translation>
    </message>
    <message>
        <source>Replace the folder?</source>
        <translation>Remplacer le dossier&#xa0;?</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Remplacer le fichier&#xa0;?</translation>
    </message>
    <message>
        <source>%1 already exists in %2.
Replace it with this export?</source>
        <translation>%1 existe déjà dans %2.
Le remplacer par cet export&#xa0;?</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>L’export a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export annulé&#xa0;; aucun fichier n’a été écrit.</translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation>Une erreur inattendue a arrêté le travail&#xa0;; voir le rapport d’erreur.</translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation>Annuler l’export&#xa0;?</translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and close?
No file will be written and an existing file is left as it was.</source>
        <translation>Un export est en cours. L’annuler et fermer&#xa0;?
Aucun fichier ne sera écrit et un fichier existant reste tel quel.</translation>
    </message>
</context>
<context>
    <name>ExportForm</name>
    <message>
        <source>Comma (,)</source>
        <translation>Virgule (,)</translation>
    </message>
    <message>
        <source>Semicolon (;): Excel in German, French and other comma-decimal locales</source>
        <translation>Point-virgule (;)&#xa0;: Excel en allemand, en français et dans les autres langues à virgule décimale</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulation</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>Dates personnalisées</translation>
    </message>
    <message>
        <source>A period is resolved when the export runs, in the export&apos;s time zone: a preset or a copied command of Last month means the month before the day it runs.</source>
        <translation>Une période est calculée au moment de l’export, dans son fuseau horaire&#xa0;: un préréglage ou une commande copiée «&#xa0;Mois dernier&#xa0;» désigne le mois précédant le jour de l’exécution.</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <source>The first day of the export, included, in its time zone</source>
        <translation>Le premier jour de l’export, inclus, dans son fuseau horaire</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <source>The last day of the export, included, in its time zone</source>
        <translation>Le dernier jour de l’export, inclus, dans son fuseau horaire</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>(both inclusive)</source>
        <translation>(inclus)</translation>
    </message>
    <message>
        <source>All events: one row per event. The other scopes: one row per period and tenant, model, or tenant and model, with exact sums.</source>
        <translation>Tous les événements&#xa0;: une ligne par événement. Les autres portées&#xa0;: une ligne par période et client, modèle, ou client et modèle, avec des sommes exactes.</translation>
    </message>
    <message>
        <source>The period of each grouped row: a day, a calendar month in the export&apos;s time zone (a month cut by the dates holds only its days in range), or the whole range.</source>
        <translation>La période de chaque ligne groupée&#xa0;: un jour, un mois civil dans le fuseau de l’export (un mois coupé par les dates ne contient que ses jours compris), ou toute la période.</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Modèles&#xa0;:</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>Quoi exporter</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Dates:</source>
        <translation>&amp;Dates&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Portée&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Tenants:</source>
        <translation>&amp;Clients&#xa0;:</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Fuseau horaire&#xa0;:</translation>
    </message>
    <message>
        <source>Start with a &amp;byte-order mark (Excel on Windows)</source>
        <translation>Commencer par une marque d’ordre des &amp;octets (Excel sous Windows)</translation>
    </message>
    <message>
        <source>Excel on Windows reads a CSV as UTF-8 only with this mark; other programs do not need it.</source>
        <translation>Excel sous Windows ne lit un CSV en UTF-8 qu’avec cette marque&#xa0;; les autres programmes n’en ont pas besoin.</translation>
    </message>
    <message>
        <source>Formula &amp;guard: prefix text starting with = + - @ with &apos; so Excel never runs it</source>
        <translation>&amp;Garde-formule&#xa0;: préfixer d’une &apos; le texte commençant par = + - @ pour qu’Excel ne l’exécute jamais</translation>
    </message>
    <message>
        <source>A tenant or model name starting with = + - @ would run as a formula in Excel; the guard writes it with a leading &apos; (the data stays readable).</source>
        <translation>Un nom de client ou de modèle commençant par = + - @ serait exécuté comme formule dans Excel&#xa0;; la garde l’écrit précédé d’une &apos; (les données restent lisibles).</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>Séparateur</translation>
    </message>
    <message>
        <source>The character between fields. A field holding it is quoted.</source>
        <translation>Le caractère entre les champs. Un champ qui le contient est mis entre guillemets.</translation>
    </message>
    <message>
        <source>Your language writes numbers with a decimal comma, so a new export starts with the semicolon, which Excel then expects. The command line&apos;s default stays the comma.</source>
        <translation>Votre langue écrit les nombres avec une virgule décimale&#xa0;: un nouvel export commence donc avec le point-virgule, qu’Excel attend alors. La ligne de commande garde la virgule par défaut.</translation>
    </message>
    <message>
        <source>Delim&amp;iter:</source>
        <translation>Sépa&amp;rateur&#xa0;:</translation>
    </message>
    <message>
        <source>CSV options</source>
        <translation>Options CSV</translation>
    </message>
    <message>
        <source>Choose where to save the file…</source>
        <translation>Choisissez où enregistrer le fichier…</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Enregistrer sous</translation>
    </message>
    <message>
        <source>The file to write (for statements: the folder to create). An existing one is replaced only after you confirm, and only when the export has succeeded.</source>
        <translation>Le fichier à écrire (pour les relevés&#xa0;: le dossier à créer). Un fichier existant n’est remplacé qu’après votre confirmation, et seulement si l’export a réussi.</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <source>Choose the file, or for statements the folder, in a dialog</source>
        <translation>Choisir le fichier, ou pour les relevés le dossier, dans une fenêtre</translation>
    </message>
    <message>
        <source>One file per tenant (statements), &amp;written into a folder</source>
        <translation>Un fichier par client (relevés), é&amp;crits dans un dossier</translation>
    </message>
    <message>
        <source>Each tenant&apos;s rows go to their own file, named after the tenant, all from one snapshot: the files add up to the whole. The folder appears whole or not at all.</source>
        <translation>Les lignes de chaque client vont dans un fichier à son nom, toutes issues d’un même instantané&#xa0;: les fichiers forment le tout. Le dossier apparaît complet ou pas du tout.</translation>
    </message>
    <message>
        <source>Write a ma&amp;nifest beside it (size, SHA-256, rows and totals, for verify)</source>
        <translation>Écrire un ma&amp;nifeste à côté (taille, SHA-256, lignes et totaux, pour verify)</translation>
    </message>
    <message>
        <source>FILE.manifest.json lets `billing-desktop verify` prove later that the file is unchanged and whether the database still agrees.</source>
        <translation>FICHIER.manifest.json permet à `billing-desktop verify` de prouver plus tard que le fichier est intact et si la base concorde encore.</translation>
    </message>
    <message>
        <source>Sa&amp;ve to</source>
        <translation>Enregistrer &amp;sous</translation>
    </message>
</context>
<context>
    <name>ExportProgressPanel</name>
    <message>
        <source>&amp;Cancel export</source>
        <translation>&amp;Annuler l’export</translation>
    </message>
    <message>
        <source>Stop the export; the target file is left untouched</source>
        <translation>Arrêter l’export&#xa0;; le fichier cible n’est pas touché</translation>
    </message>
    <message>
        <source>Preparing the export (reading totals)…</source>
        <translation>Préparation de l’export (lecture des totaux)…</translation>
    </message>
    <message>
        <source>Connected; reading totals…</source>
        <translation>Connecté&#xa0;; lecture des totaux…</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s  ·  about %3 left</source>
        <translation>
            <numerusform>%1 sur %Ln ligne  ·  %2 lignes/s  ·  encore environ %3</numerusform>
            <numerusform>%1 sur %Ln lignes  ·  %2 lignes/s  ·  encore environ %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)  ·  %2 rows/s</source>
        <translation>
            <numerusform>%1 sur %Ln ligne  ·  %2 lignes/s</numerusform>
            <numerusform>%1 sur %Ln lignes  ·  %2 lignes/s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s)</source>
        <translation>
            <numerusform>%1 sur %Ln ligne</numerusform>
            <numerusform>%1 sur %Ln lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>started again (see tooltip)</source>
        <translation>relancé (voir l’infobulle)</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>annulation…</translation>
    </message>
</context>
<context>
    <name>ExportSummaryPanel</name>
    <message>
        <source>Open &amp;file</source>
        <translation>Ouvrir le &amp;fichier</translation>
    </message>
    <message>
        <source>Open the file with its usual program</source>
        <translation>Ouvrir le fichier avec son programme habituel</translation>
    </message>
    <message>
        <source>S&amp;how in folder</source>
        <translation>Afficher dans le &amp;dossier</translation>
    </message>
    <message>
        <source>Show the file in the file manager</source>
        <translation>Afficher le fichier dans le gestionnaire de fichiers</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) (%1) in %2.</source>
        <translation>
            <numerusform>%Ln ligne exportée (%1) en %2.</numerusform>
            <numerusform>%Ln lignes exportées (%1) en %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file&apos;s totals differ from the dashboard&apos;s (%1). The data may have changed since the dashboard was refreshed: refresh it and compare again.</source>
        <translation>Les totaux du fichier diffèrent de ceux du tableau de bord (%1). Les données ont pu changer depuis son actualisation&#xa0;: actualisez-le et comparez à nouveau.</translation>
    </message>
    <message>
        <source>✓ The file&apos;s totals match the dashboard&apos;s.</source>
        <translation>✓ Les totaux du fichier concordent avec le tableau de bord.</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>Dans le fichier</translation>
    </message>
    <message>
        <source>On the dashboard</source>
        <translation>Au tableau de bord</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Rows (events)</source>
        <translation>Lignes (événements)</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>lignes</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Jetons d’entrée</translation>
    </message>
    <message>
        <source>input tokens</source>
        <translation>jetons d’entrée</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Jetons de sortie</translation>
    </message>
    <message>
        <source>output tokens</source>
        <translation>jetons de sortie</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Coût total</translation>
    </message>
    <message>
        <source>total cost</source>
        <translation>coût total</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 événements</translation>
    </message>
</context>
<context>
    <name>FailedRunsBanner</name>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Run the schedules that failed again, now</source>
        <translation>Relancer maintenant les planifications qui ont échoué</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Scheduled exports failed</source>
        <translation>Des exports planifiés ont échoué</translation>
    </message>
    <message>
        <source>Running &apos;{name}&apos; again…</source>
        <translation>Nouvelle exécution de « {name} »…</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ran again and succeeded.</source>
        <translation>« {name} » a été relancé et a réussi.</translation>
    </message>
    <message>
        <source>exit status {code}</source>
        <translation>code de sortie {code}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; failed again: {reason}</source>
        <translation>« {name} » a de nouveau échoué : {reason}</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>%1 K</source>
        <translation>%1 k</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
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
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <source>Day boundaries and dates follow this time zone</source>
        <translation>Les limites des jours et les dates suivent ce fuseau horaire</translation>
    </message>
    <message>
        <source>Choose a time zone: the dashboard and exports count days in it.</source>
        <translation>Choisissez un fuseau horaire&#xa0;: le tableau de bord et les exports y comptent les jours.</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos;: pick one from the list, for example Europe/Berlin.</source>
        <translation>Fuseau horaire inconnu «&#xa0;%1&#xa0;»&#xa0;: choisissez-en un dans la liste, par exemple Europe/Paris.</translation>
    </message>
    <message>
        <source>First day (inclusive)</source>
        <translation>Premier jour (inclus)</translation>
    </message>
    <message>
        <source>Last day (inclusive)</source>
        <translation>Dernier jour (inclus)</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <source>Quick date ranges</source>
        <translation>Périodes rapides</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Reload the figures from the database (F5)</source>
        <translation>Recharger les chiffres depuis la base (F5)</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;au</translation>
    </message>
    <message>
        <source>Time &amp;zone</source>
        <translation>&amp;Fuseau horaire</translation>
    </message>
</context>
<context>
    <name>GroupTableModel</name>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>Tokens
in</source>
        <translation>Jetons
entrée</translation>
    </message>
    <message>
        <source>Tokens
out</source>
        <translation>Jetons
sortie</translation>
    </message>
    <message>
        <source>Cost
(USD)</source>
        <translation>Coût
(USD)</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Part</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Close the help (Esc)</source>
        <translation>Fermer l’aide (Échap)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Finished</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>File / message</source>
        <translation>Fichier / message</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <source>One file per tenant</source>
        <translation>Un fichier par client</translation>
    </message>
    <message>
        <source>Recent exports</source>
        <translation>Exports récents</translation>
    </message>
    <message>
        <source>Every export from the window and the command line, newest first</source>
        <translation>Tous les exports de la fenêtre et de la ligne de commande, du plus récent au plus ancien</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Rapport de vérification</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>L’export a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>Re-run cancelled; the file is as it was.</source>
        <translation>Relance annulée&#xa0;; le fichier est inchangé.</translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Export again with the same parameters on today&apos;s data, to the same file. A period such as Last month is resolved again today.</source>
        <translation>Exporter à nouveau avec les mêmes paramètres sur les données du jour, vers le même fichier. Une période comme «&#xa0;Mois dernier&#xa0;» est recalculée aujourd’hui.</translation>
    </message>
    <message>
        <source>&amp;Open file</source>
        <translation>&amp;Ouvrir le fichier</translation>
    </message>
    <message>
        <source>Open the file with its usual application</source>
        <translation>Ouvrir le fichier avec son application habituelle</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Afficher dans le &amp;dossier</translation>
    </message>
    <message>
        <source>Show the file or folder in the file manager</source>
        <translation>Afficher le fichier ou le dossier dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <source>Re-read the file, check it against its manifest (size, SHA-256, rows, totals) and recompute its totals in the database: did anything change since?</source>
        <translation>Relire le fichier, le comparer à son manifeste (taille, SHA-256, lignes, totaux) et recalculer ses totaux dans la base&#xa0;: quelque chose a-t-il changé depuis&#xa0;?</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Close (Esc); asks first while a re-run is running</source>
        <translation>Fermer (Échap)&#xa0;; demande d’abord si une relance est en cours</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Ligne de commande</translation>
    </message>
    <message>
        <source>No exports yet. Every export, from here or the command line, will be listed here.</source>
        <translation>Aucun export pour l’instant. Chaque export, d’ici ou de la ligne de commande, sera listé ici.</translation>
    </message>
    <message>
        <source>(standard output)</source>
        <translation>(sortie standard)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>This export cannot be run again: %1.</source>
        <translation>Cet export ne peut pas être relancé&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Another database</source>
        <translation>Autre base de données</translation>
    </message>
    <message>
        <source>This export read %1.
The window is connected to %2.

Re-run it on %2?</source>
        <translation>Cet export a lu %1.
La fenêtre est connectée à %2.

Le relancer sur %2&#xa0;?</translation>
    </message>
    <message>
        <source>Re-run the export?</source>
        <translation>Relancer l’export&#xa0;?</translation>
    </message>
    <message>
        <source>%1 will be written again from today&apos;s data (%2 to %3), replacing the one in %4.</source>
        <translation>%1 sera réécrit à partir des données du jour (du %2 au %3), en remplaçant celui de %4.</translation>
    </message>
    <message numerus="yes">
        <source>Written again: %Ln row(s), total cost %1.</source>
        <translation>
            <numerusform>Réécrit&#xa0;: %Ln ligne, coût total %1.</numerusform>
            <numerusform>Réécrit&#xa0;: %Ln lignes, coût total %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <source>Not verified: %1.</source>
        <translation>Non vérifié&#xa0;: %1.</translation>
    </message>
    <message>
        <source>database: not compared (this window is connected to another one)</source>
        <translation>base de données&#xa0;: non comparée (cette fenêtre est connectée à une autre)</translation>
    </message>
    <message>
        <source>Period: {period}</source>
        <translation>Période : {period}</translation>
    </message>
    <message>
        <source>An unexpected error stopped the work; see the error report.</source>
        <translation>Une erreur inattendue a arrêté le travail&#xa0;; voir le rapport d’erreur.</translation>
    </message>
    <message>
        <source>Cancel the export?</source>
        <translation>Annuler l’export&#xa0;?</translation>
    </message>
    <message>
        <source>The re-run is still running. Cancel it and close?</source>
        <translation>La relance est en cours. L’annuler et fermer&#xa0;?</translation>
    </message>
</context>
<context>
    <name>Issuer</name>
    <message>
        <source>Your company&apos;s name</source>
        <translation>Nom de votre entreprise</translation>
    </message>
    <message>
        <source>The statements are issued by (your company&apos;s name, in their header):</source>
        <translation>Les relevés sont émis par (le nom de votre entreprise, en en-tête) :</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>Export the events of this filter to CSV or JSON (Ctrl+E)</source>
        <translation>Exporter les événements de ce filtre (Ctrl+E)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>Réglages de connexion…</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Cost by tenant</source>
        <translation>Coût par client</translation>
    </message>
    <message>
        <source>Cost by model</source>
        <translation>Coût par modèle</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>Pas encore chargé</translation>
    </message>
    <message>
        <source>Click a column&apos;s title to sort by it</source>
        <translation>Cliquez sur le titre d’une colonne pour trier</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Connection settings…</source>
        <translation>Réglages de &amp;connexion…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Recent exports…</source>
        <translation>Exports &amp;récents…</translation>
    </message>
    <message>
        <source>&amp;Scheduled exports…</source>
        <translation>Exports &amp;planifiés…</translation>
    </message>
    <message>
        <source>Connection &amp;profile</source>
        <translation>&amp;Profil de connexion</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation>&amp;Langue…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Guide de l’utilisateur</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;Troubleshooting</source>
        <translation>&amp;Dépannage</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>À &amp;propos de %1</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Aucune base</translation>
    </message>
    <message>
        <source>Daily cost — no database</source>
        <translation>Coût quotidien — aucune base de données</translation>
    </message>
    <message>
        <source>Profile: %1 — %2</source>
        <translation>Profil : %1 — %2</translation>
    </message>
    <message>
        <source>Demo database: %1</source>
        <translation>Base de démonstration&#xa0;: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Base de données&#xa0;: %1</translation>
    </message>
    <message>
        <source>Daily cost — not loaded from this database yet</source>
        <translation>Coût quotidien — pas encore chargé depuis cette base</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Updated %1 (%2 s)</source>
        <translation>Actualisé à %1 (%2&#xa0;s)</translation>
    </message>
    <message>
        <source>Could not load</source>
        <translation>Échec du chargement</translation>
    </message>
    <message>
        <source>Password needed</source>
        <translation>Mot de passe requis</translation>
    </message>
    <message>
        <source>%1 Enter it, or set it under File → Connection settings….</source>
        <translation>%1 Saisissez-le, ou définissez-le dans Fichier → Réglages de connexion….</translation>
    </message>
    <message>
        <source>Password for %1 on %2:</source>
        <translation>Mot de passe de %1 sur %2&#xa0;:</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Mot de passe pour %1&#xa0;:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>No database is connected. Choose one under File → Connection settings… first.</source>
        <translation>Aucune base n’est connectée. Choisissez-en d’abord une dans Fichier → Réglages de connexion….</translation>
    </message>
    <message>
        <source>Demo database</source>
        <translation>Base de démonstration</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Profil de connexion</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <source>Billing Desktop shows demo data until it is connected to your billing database. Connect to your database now?</source>
        <translation>Billing Desktop montre des données de démonstration tant qu&apos;il n&apos;est pas connecté à votre base de facturation. Connecter votre base maintenant ?</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>À propos de %1</translation>
    </message>
    <message>
        <source>%1 %2

LLM usage and cost per tenant, model and day, and exports you can trust to the cent.

Settings: %3
Logs: %4</source>
        <translation>%1 %2

Usage et coût des LLM par client, modèle et jour, et des exports fiables au centime près.

Réglages&#xa0;: %3
Journaux&#xa0;: %4</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The window&apos;s language. It changes when Billing Desktop next starts.</source>
        <translation>La langue de la fenêtre. Elle change au prochain démarrage de Billing Desktop.</translation>
    </message>
    <message>
        <source>Export running</source>
        <translation>Export en cours</translation>
    </message>
    <message>
        <source>An export is still running. Cancel it and quit? The target file stays untouched.</source>
        <translation>Un export est en cours. L’annuler et quitter&#xa0;? Le fichier cible reste intact.</translation>
    </message>
</context>
<context>
    <name>MultiSelect</name>
    <message>
        <source>Search tenants…</source>
        <translation>Rechercher des clients…</translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation>Tous les clients</translation>
    </message>
    <message>
        <source>Clear the choice: show all tenants</source>
        <translation>Effacer le choix&#xa0;: afficher tous les clients</translation>
    </message>
    <message>
        <source>Showing all tenants</source>
        <translation>Tous les clients sont affichés</translation>
    </message>
    <message>
        <source>Search models…</source>
        <translation>Rechercher des modèles…</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Tous les modèles</translation>
    </message>
    <message>
        <source>Clear the choice: show all models</source>
        <translation>Effacer le choix&#xa0;: afficher tous les modèles</translation>
    </message>
    <message>
        <source>Showing all models</source>
        <translation>Tous les modèles sont affichés</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tenant(s)</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s)</source>
        <translation>
            <numerusform>%Ln modèle</numerusform>
            <numerusform>%Ln modèles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <source>Saved export options. A preset with a period (such as Last month) stays relative; the same presets run on the command line: billing-desktop export --preset NAME.</source>
        <translation>Options d’export enregistrées. Un préréglage avec une période (comme «&#xa0;Mois dernier&#xa0;») reste relatif&#xa0;; les mêmes préréglages fonctionnent en ligne de commande&#xa0;: billing-desktop export --preset NOM.</translation>
    </message>
    <message>
        <source>S&amp;ave as preset…</source>
        <translation>Enre&amp;gistrer comme préréglage…</translation>
    </message>
    <message>
        <source>Save the choices below under a name, for here and for the command line&apos;s --preset.</source>
        <translation>Enregistrer les choix ci-dessous sous un nom, pour ici et pour --preset en ligne de commande.</translation>
    </message>
    <message>
        <source>Ma&amp;ke a schedule…</source>
        <translation>Pla&amp;nifier…</translation>
    </message>
    <message>
        <source>Run these export options on a schedule (saved as a preset first).</source>
        <translation>Exécuter ces options d&apos;export selon une planification (enregistrées d&apos;abord comme préréglage).</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>Pré&amp;réglage&#xa0;:</translation>
    </message>
    <message>
        <source>No preset</source>
        <translation>Aucun préréglage</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>Enregistrer le préréglage</translation>
    </message>
    <message>
        <source>These choices cannot be saved: %1.</source>
        <translation>Ces choix ne peuvent pas être enregistrés&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Save these export options as:</source>
        <translation>Enregistrer ces options d’export sous&#xa0;:</translation>
    </message>
    <message>
        <source>Replace preset?</source>
        <translation>Remplacer le préréglage&#xa0;?</translation>
    </message>
    <message>
        <source>A preset named &apos;%1&apos; exists. Replace it?</source>
        <translation>Un préréglage «&#xa0;%1&#xa0;» existe déjà. Le remplacer&#xa0;?</translation>
    </message>
    <message>
        <source>The preset was not saved: %1</source>
        <translation>Le préréglage n’a pas été enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Planification</translation>
    </message>
    <message>
        <source>The schedule &apos;{name}&apos; is set: {when}.</source>
        <translation>La planification « {name} » est en place : {when}.</translation>
    </message>
</context>
<context>
    <name>ProfileBar</name>
    <message>
        <source>Connection profile</source>
        <translation>Profil de connexion</translation>
    </message>
    <message>
        <source>The saved connection to edit and use</source>
        <translation>La connexion enregistrée à modifier et utiliser</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Ajouter…</translation>
    </message>
    <message>
        <source>Save a new connection under a name</source>
        <translation>Enregistrer une nouvelle connexion sous un nom</translation>
    </message>
    <message>
        <source>R&amp;ename…</source>
        <translation>Re&amp;nommer…</translation>
    </message>
    <message>
        <source>Give this connection another name</source>
        <translation>Donner un autre nom à cette connexion</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>Supprim&amp;er</translation>
    </message>
    <message>
        <source>Forget this connection and its password</source>
        <translation>Oublier cette connexion et son mot de passe</translation>
    </message>
    <message>
        <source>The connection profile&apos;s name:</source>
        <translation>Nom du profil de connexion :</translation>
    </message>
    <message>
        <source>A profile named &apos;{name}&apos; exists already.</source>
        <translation>Un profil nommé « {name} » existe déjà.</translation>
    </message>
    <message>
        <source>Add connection profile</source>
        <translation>Ajouter un profil de connexion</translation>
    </message>
    <message>
        <source>Rename connection profile</source>
        <translation>Renommer le profil de connexion</translation>
    </message>
    <message>
        <source>Remove connection profile</source>
        <translation>Supprimer le profil de connexion</translation>
    </message>
    <message>
        <source>Forget the connection &apos;{name}&apos; and its password?</source>
        <translation>Oublier la connexion « {name} » et son mot de passe ?</translation>
    </message>
</context>
<context>
    <name>SheetTable</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>&amp;Export these rows…</source>
        <translation>&amp;Exporter ces lignes…</translation>
    </message>
</context>
<context>
    <name>SummaryCards</name>
    <message>
        <source>Total cost</source>
        <translation>Coût total</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Jetons d’entrée</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Jetons de sortie</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>Active tenants</source>
        <translation>Clients actifs</translation>
    </message>
    <message>
        <source>≈ %1 per day</source>
        <translation>≈ %1 par jour</translation>
    </message>
    <message>
        <source>tokens sent to models</source>
        <translation>jetons envoyés aux modèles</translation>
    </message>
    <message>
        <source>tokens generated</source>
        <translation>jetons générés</translation>
    </message>
    <message numerus="yes">
        <source>over %Ln day(s)</source>
        <translation>
            <numerusform>sur %Ln jour</numerusform>
            <numerusform>sur %Ln jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln model(s) used</source>
        <translation>
            <numerusform>%Ln modèle utilisé</numerusform>
            <numerusform>%Ln modèles utilisés</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotalsModel</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>TotalsRow</name>
    <message>
        <source>Totals</source>
        <translation>Totaux</translation>
    </message>
    <message>
        <source>The totals of every row of the table above</source>
        <translation>Les totaux de toutes les lignes du tableau ci-dessus</translation>
    </message>
</context>
<context>
    <name>msgbox</name>
    <message>
        <source>Show in folder</source>
        <translation>Afficher dans le dossier</translation>
    </message>
    <message>
        <source>No file manager can show %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation>Aucun gestionnaire de fichiers ne peut afficher %1 sur cet ordinateur.

Copier son chemin complet dans le presse-papiers, pour l’ouvrir depuis un autre programme&#xa0;?</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Ouvrir le fichier</translation>
    </message>
    <message>
        <source>No program is set up to open %1 on this computer.

Copy its full path to the clipboard, to open it from another program?</source>
        <translation>Aucun programme n’est configuré pour ouvrir %1 sur cet ordinateur.

Copier son chemin complet dans le presse-papiers, pour l’ouvrir depuis un autre programme&#xa0;?</translation>
    </message>
</context>
</TS>
