/* template.h: report templates (docs/templates.md): CommonMark prose with
 * {{placeholders}} bound to the figures tree, and fenced blocks for the
 * data-driven parts. A template is parsed once and bound per dataset. */
#ifndef DOSSIER_TEMPLATE_H
#define DOSSIER_TEMPLATE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "render/doc.h"

typedef struct dossier_template dossier_template;

/* Parses a template: a stock name ("term-report", found with dossier_data_path
 * as templates/NAME.md) or a path to a .md file. Unknown placeholders, filters
 * or blocks and unclosed blocks are errors located as FILE:LINE:COL
 * (DOSSIER_ERR_DATA). On success *out is a new template (dossier_template_free). */
dossier_status dossier_template_load(dossier_template **out, const char *name_or_path,
                                     dossier_diag *diag);

/* Binds the template to a figures tree. On success *out is a new doc
 * (dossier_doc_free) whose doc->figures borrows `figures` (keep it alive until
 * the doc is freed). Placeholders are substituted inside text, so data never
 * becomes markup. Errors (a placeholder whose path the figures lack where the
 * template requires it) are DOSSIER_ERR_DATA, located in the template. */
dossier_status dossier_template_bind(dossier_doc **out, const dossier_template *tpl,
                                     const cJSON *figures, dossier_diag *diag);

/* Frees a template; NULL is a no-op. */
void dossier_template_free(dossier_template *tpl);

/* The stock templates are listed by dossier_template_info (dossier.h). */

#endif
