# Laid out like quay.io/keycloak/keycloak: Keycloak at /opt/keycloak owned by 1000:0 (group-writable,
# for runtimes that pick another uid in group 0), user 1000, kc.sh as entrypoint, ports 8080/8443/9000.
# BASE: a Debian root file system with a Java runtime (build.sh makes it with debootstrap).
ARG BASE
FROM ${BASE}
# build.sh made the files group-writable; --chown here rather than a chown -R layer (a second copy).
COPY --chown=1000:0 keycloak/ /opt/keycloak/
RUN echo "keycloak:x:1000:0:keycloak user:/opt/keycloak:/usr/sbin/nologin" >> /etc/passwd
# As in the official image: without it, start-dev listens on localhost inside the container only.
ENV KC_RUN_IN_CONTAINER=true LANG=C.UTF-8
USER 1000
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
