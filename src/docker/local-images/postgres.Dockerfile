# Starts like the official postgres image: POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB take
# effect on the first start (empty data folder), the data lives in /var/lib/postgresql/data, port
# 5432, pg_isready on the PATH. Debian's PostgreSQL (15 on bookworm), run as the postgres user.
# BASE: a Debian root file system with the postgresql package (build.sh makes it with debootstrap).
ARG BASE
FROM ${BASE}
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
# The package's own cluster (15/main) is not used: the data folder is made by initdb on first start.
RUN chmod 755 /usr/local/bin/postgres-entrypoint \
 && rm -rf /var/lib/postgresql/*/main /etc/postgresql/*/main \
 && for tool in /usr/lib/postgresql/*/bin/*; do ln -sf "$tool" /usr/local/bin/; done \
 && mkdir -p /var/lib/postgresql/data /run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ENV PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
USER postgres
EXPOSE 5432
# SIGINT: PostgreSQL's fast shutdown, as the official image does.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
