# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'warehouse_settings.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout

class Ui_WarehouseSettingsDialog(object):
    def setupUi(self, WarehouseSettingsDialog):
        if not WarehouseSettingsDialog.objectName():
            WarehouseSettingsDialog.setObjectName(u"WarehouseSettingsDialog")
        WarehouseSettingsDialog.resize(460, 330)
        self.mainLayout = QVBoxLayout(WarehouseSettingsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scaleGroup = QGroupBox(WarehouseSettingsDialog)
        self.scaleGroup.setObjectName(u"scaleGroup")
        self.scaleLayout = QFormLayout(self.scaleGroup)
        self.scaleLayout.setObjectName(u"scaleLayout")
        self.portLabel = QLabel(self.scaleGroup)
        self.portLabel.setObjectName(u"portLabel")

        self.scaleLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.portLabel)

        self.portCombo = QComboBox(self.scaleGroup)
        self.portCombo.setObjectName(u"portCombo")
        self.portCombo.setEditable(True)

        self.scaleLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.portCombo)

        self.baudLabel = QLabel(self.scaleGroup)
        self.baudLabel.setObjectName(u"baudLabel")

        self.scaleLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.baudLabel)

        self.baudCombo = QComboBox(self.scaleGroup)
        self.baudCombo.setObjectName(u"baudCombo")

        self.scaleLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.baudCombo)


        self.mainLayout.addWidget(self.scaleGroup)

        self.officeGroup = QGroupBox(WarehouseSettingsDialog)
        self.officeGroup.setObjectName(u"officeGroup")
        self.officeLayout = QFormLayout(self.officeGroup)
        self.officeLayout.setObjectName(u"officeLayout")
        self.minLabel = QLabel(self.officeGroup)
        self.minLabel.setObjectName(u"minLabel")

        self.officeLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.minLabel)

        self.minSpin = QSpinBox(self.officeGroup)
        self.minSpin.setObjectName(u"minSpin")
        self.minSpin.setMaximum(10000)

        self.officeLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.minSpin)

        self.percentLabel = QLabel(self.officeGroup)
        self.percentLabel.setObjectName(u"percentLabel")

        self.officeLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.percentLabel)

        self.percentSpin = QSpinBox(self.officeGroup)
        self.percentSpin.setObjectName(u"percentSpin")
        self.percentSpin.setMaximum(50)

        self.officeLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.percentSpin)

        self.packagingLabel = QLabel(self.officeGroup)
        self.packagingLabel.setObjectName(u"packagingLabel")

        self.officeLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.packagingLabel)

        self.packagingSpin = QSpinBox(self.officeGroup)
        self.packagingSpin.setObjectName(u"packagingSpin")
        self.packagingSpin.setMaximum(10000)

        self.officeLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.packagingSpin)

        self.hintLabel = QLabel(self.officeGroup)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.officeLayout.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.hintLabel)


        self.mainLayout.addWidget(self.officeGroup)

        self.buttonBox = QDialogButtonBox(WarehouseSettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.portLabel.setBuddy(self.portCombo)
        self.baudLabel.setBuddy(self.baudCombo)
        self.minLabel.setBuddy(self.minSpin)
        self.percentLabel.setBuddy(self.percentSpin)
        self.packagingLabel.setBuddy(self.packagingSpin)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(WarehouseSettingsDialog)

        QMetaObject.connectSlotsByName(WarehouseSettingsDialog)
    # setupUi

    def retranslateUi(self, WarehouseSettingsDialog):
        WarehouseSettingsDialog.setWindowTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u4ed3\u5e93\u8bbe\u7f6e", None))
        self.scaleGroup.setTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u7535\u5b50\u79e4\uff08\u672c\u673a\uff09", None))
        self.portLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u7aef\u53e3", None))
        self.baudLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6ce2\u7279\u7387", None))
        self.officeGroup.setTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u91cd\u91cf\u6838\u5bf9\uff08\u5168\u5e97\u5171\u7528\uff09", None))
        self.minLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6700\u5c0f\u5141\u8bb8\u8bef\u5dee", None))
        self.minSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" g", None))
        self.percentLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5141\u8bb8\u8bef\u5dee\u767e\u5206\u6bd4", None))
        self.percentSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" %", None))
        self.packagingLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5305\u88c5\u91cd\u91cf", None))
        self.packagingSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" g", None))
        self.hintLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5141\u8bb8\u8bef\u5dee\u53d6\u201c\u6700\u5c0f\u5141\u8bb8\u8bef\u5dee\u201d\u4e0e\u201c\u9884\u8ba1\u91cd\u91cf\u00d7\u767e\u5206\u6bd4\u201d\u4e2d\u8f83\u5927\u8005\uff1b\u9884\u8ba1\u91cd\u91cf = \u5546\u54c1\u5355\u4ef6\u91cd\u91cf\u00d7\u6570\u91cf + \u5305\u88c5\u91cd\u91cf\u3002", None))
    # retranslateUi
