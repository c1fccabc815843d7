#ifndef BILLTRIAGE_CMAILUTILS_SHIM_H
#define BILLTRIAGE_CMAILUTILS_SHIM_H
#include <mailutils/mailutils.h>

/* Function-like macros and struct fields that do not import into Swift. */

static inline int bt_mu_content_type_param(mu_content_type_t ct, const char *name,
                                           const char **value, const char **lang,
                                           const char **cset)
{
    if (!ct || !ct->param) return MU_ERR_NOENT;
    struct mu_mime_param *p = (struct mu_mime_param *) mu_assoc_get(ct->param, name);
    if (!p) return MU_ERR_NOENT;
    *value = p->value;
    if (lang) *lang = p->lang;
    if (cset) *cset = p->cset;
    return 0;
}

static inline int bt_mu_assoc_param(mu_assoc_t assoc, const char *name, const char **value)
{
    if (!assoc) return MU_ERR_NOENT;
    struct mu_mime_param *p = (struct mu_mime_param *) mu_assoc_get(assoc, name);
    if (!p || !p->value) return MU_ERR_NOENT;
    *value = p->value;
    return 0;
}

static inline void bt_mu_register_formats(void)
{
    mu_registrar_record(mu_mbox_record);
    mu_registrar_record(mu_maildir_record);
    mu_registrar_record(mu_mh_record);
}

/* The mailers `--send` may use (sendmail: and smtp:// URLs). Their records live in
   libmu_mailer, which pulls in some thirty libraries (gnutls, LDAP, Kerberos, SQL clients…):
   linking it made every process start pay their relocations, so it is loaded here, on first
   use only. Returns 0, or -1 when the library or its records cannot be loaded. */
#include <dlfcn.h>
static inline int bt_mu_register_mailers(void)
{
    void *lib = dlopen("libmu_mailer.so.9", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) lib = dlopen("libmu_mailer.so", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return -1;
    mu_record_t *sendmail = (mu_record_t *) dlsym(lib, "mu_sendmail_record");
    mu_record_t *smtp = (mu_record_t *) dlsym(lib, "mu_smtp_record");
    if (!sendmail || !smtp) return -1;
    mu_registrar_record(*sendmail);
    mu_registrar_record(*smtp);
    return 0;
}

static inline void bt_mu_free(void *p) { free(p); }

#endif
